// Proves the wasm bundle loads and hydrates: a missing or misnamed bundle passes every no-JS test.
const { test, expect } = require('@playwright/test');
const { submitLogin } = require('./helpers');

test('the page hydrates without errors', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'nojs', 'hydration needs JavaScript');
  const problems = [];
  page.on('console', (msg) => {
    // The page's address with each problem: a policy violation names no page of its own.
    if (msg.type() === 'error') problems.push(`${msg.location().url}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  const scripts = [];
  page.on('request', (request) => {
    if (/\.(js|wasm)$/.test(new URL(request.url()).pathname)) scripts.push(request.url());
  });
  // The login page needs no script and loads none (it is the lightest page there is).
  await page.goto('/login');
  await expect(page.getByTestId('login-submit')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(scripts).toEqual([]);
  await expect(page.locator('[data-hydrated]')).toHaveAttribute('data-hydrated', 'false');
  // The Inbox loads the bundle, and its islands come to life.
  await submitLogin(page);
  await expect(page.locator('[data-hydrated]')).toHaveAttribute('data-hydrated', 'true');
  expect(scripts.some((url) => url.endsWith('.wasm'))).toBe(true);
  expect(problems).toEqual([]);
});

test('server-rendered pages are marked as not hydrated', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'js', 'only meaningful without JavaScript');
  await page.goto('/login');
  await expect(page.locator('[data-hydrated]')).toHaveAttribute('data-hydrated', 'false');
});

test('mail, message and compose pages hydrate without errors or policy violations', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'nojs', 'hydration needs JavaScript');
  const problems = [];
  page.on('console', (msg) => {
    // The page's address with each problem: a policy violation names no page of its own.
    if (msg.type() === 'error') problems.push(`${msg.location().url}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto('/login');
  await submitLogin(page);
  await expect(page.locator('[data-hydrated]')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('message-row').first().locator('a').click();
  await expect(page.getByTestId('message-view')).toBeVisible();
  await page.getByTestId('reply').click();
  await expect(page.getByTestId('compose')).toBeVisible();
  await page.goto('/mail/compose');
  await expect(page.locator('[data-hydrated]')).toHaveAttribute('data-hydrated', 'true');
  expect(problems).toEqual([]);
});
