// Steps shared by the browser tests (not a test file: Playwright runs only *.spec.js).
const { expect } = require('@playwright/test');

const DEMO_USER = 'alice@example.test';
const DEMO_PASSWORD = 'demo password';

/** Fills in and submits the login form (opening it first unless it is the page shown); the
 * caller waits for what it expects: a folder, an error. */
async function submitLogin(page, email = DEMO_USER, password = DEMO_PASSWORD) {
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Logs in and waits for the folder page (its view shows at every width; the folder list is
 * behind "Folders" on a phone). */
async function logIn(page, email = DEMO_USER) {
  await submitLogin(page, email);
  await expect(page.getByTestId('folder-view')).toBeVisible();
}

module.exports = { DEMO_USER, DEMO_PASSWORD, submitLogin, logIn };
