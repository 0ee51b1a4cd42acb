// Login, folders, logout — the same steps with JavaScript on and off.
const { test, expect } = require('@playwright/test');
const { submitLogin } = require('./helpers');

const USER = process.env.POSTERN_DEMO_USER || 'alice@example.test';
const PASSWORD = process.env.POSTERN_DEMO_PASSWORD || 'demo password';

// Operators point these at an account of their own.
const login = (page, email = USER, password = PASSWORD) => submitLogin(page, email, password);

test('log in, see the folders, log out', async ({ page }) => {
  await login(page);
  await expect(page).toHaveURL(/\/mail$/);
  await expect(page.getByTestId('current-user')).toHaveText(USER);
  const folders = page.getByTestId('folder-list').getByTestId('folder');
  await expect(folders.first()).toHaveAttribute('data-folder', 'INBOX');
  const names = await folders.evaluateAll((els) => els.map((e) => e.getAttribute('data-folder')));
  expect(names.slice(0, 6)).toEqual(['INBOX', 'Drafts', 'Sent', 'Junk', 'Trash', 'Archive']);
  await expect(page.locator('[data-testid="folder"][data-folder="INBOX"]')).toHaveAttribute('data-unread', /^[1-9]\d*$/);
  await expect(page.getByTestId('folder-list').getByText('Überweisungen')).toBeVisible();

  // Another folder by its link, then reload: the deep link survives.
  await page.locator('[data-folder="Sent"] a').click();
  await expect(page.getByTestId('folder-title')).toHaveText('Sent');
  await page.reload();
  await expect(page.getByTestId('folder-title')).toHaveText('Sent');

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('login-submit')).toBeVisible();

  // The back button shows no mail after logout.
  await page.goBack();
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  await page.goto('/mail');
  await expect(page).toHaveURL(/\/login$/);
});

test('a wrong password is explained and the address kept', async ({ page }) => {
  await login(page, USER, 'wrong password');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('login-error')).toHaveText('Wrong email address or password.');
  await expect(page.getByTestId('login-email')).toHaveValue(USER);
  await expect(page.getByTestId('login-password')).toHaveValue('');
});

test('an address without its domain is explained', async ({ page }) => {
  await login(page, 'alice', 'whatever');
  await expect(page.getByTestId('login-error')).toHaveText(
    'Use your full email address, for example name@example.com.'
  );
});
