// Languages: the browser's language is followed (Accept-Language, as Chromium sends it for its
// locale), a choice on the login page and in the account bar is remembered (a cookie), the
// login's errors are translated, and the test ids stay the same in every language. JavaScript
// on and off.
const { test, expect } = require('@playwright/test');
const { DEMO_PASSWORD, DEMO_USER } = require('./helpers');

test('the browser\'s language is followed; a wrong password is told in it', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ locale: 'es-ES', javaScriptEnabled: testInfo.project.name !== 'nojs' });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page).toHaveTitle('Iniciar sesión · Postern');
  await expect(page.getByTestId('login-submit')).toHaveText('Iniciar sesión');
  await page.getByTestId('login-email').fill(DEMO_USER);
  await page.getByTestId('login-password').fill('not the password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText('Dirección de correo o contraseña incorrecta.');
  await context.close();
});

test('a language chosen on the login page stays chosen', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: testInfo.project.name !== 'nojs' });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByTestId('login-submit')).toHaveText('Log in');
  await page.getByTestId('language').locator('summary').click();
  await page.getByTestId('language-de').click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByTestId('login-submit')).toHaveText('Anmelden');
  await page.getByTestId('login-email').fill(DEMO_USER);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('folder-view')).toBeVisible();
  await expect(page.getByTestId('logout')).toHaveText('Abmelden');
  await expect(page.getByTestId('compose-new')).toHaveText('Neue Nachricht');
  // Counts with German plurals, the pager in German.
  await expect(page.getByTestId('folder-counts')).toHaveText(/^\d+ Nachrichten, \d+ ungelesen\.$/);
  await expect(page.getByTestId('page-position').first()).toHaveText(/^1–\d+ von \d+$/);
  // Dates in German: "3. Nov." this year, "3. Nov. 2024" before, the time today.
  const month = '(Jan\\.|Feb\\.|März|Apr\\.|Mai|Juni|Juli|Aug\\.|Sept\\.|Okt\\.|Nov\\.|Dez\\.)';
  const listDate = new RegExp(`^(\\d{2}:\\d{2}|\\d{1,2}\\. ${month}( \\d{4})?)$`);
  const dates = await page.getByTestId('message-date').allTextContents();
  expect(dates.length).toBeGreaterThan(0);
  for (const date of dates) expect(date.trim()).toMatch(listDate);
  await page.getByTestId('message-row').first().locator('a').first().click();
  await expect(page.getByTestId('message-header-date')).toHaveText(
    new RegExp(`\\((Mo|Di|Mi|Do|Fr|Sa|So)\\., \\d{1,2}\\. ${month} \\d{4}, \\d{2}:\\d{2} `),
  );
  await expect(page.getByTestId('back-to-folder')).toBeVisible();

  // In the account bar: French, back on the same page.
  await page.goto('/mail?folder=Archive');
  await page.getByTestId('language').locator('summary').click();
  await page.getByTestId('language-fr').click();
  await expect(page).toHaveURL(/\/mail\?folder=Archive$/);
  await expect(page.getByTestId('logout')).toHaveText('Se déconnecter');
  await expect(page.getByTestId('language-fr')).toHaveAttribute('aria-current', 'true');
  // Remembered for the next page too.
  await page.goto('/mail/compose');
  await expect(page.getByTestId('logout')).toHaveText('Se déconnecter');
  await context.close();
});

test('/language never leads to another site', async ({ request }) => {
  const answer = await request.get('/language?set=de&back=//evil.example/', { maxRedirects: 0 });
  expect(answer.status()).toBe(303);
  expect(answer.headers().location).toBe('/mail');
  expect(answer.headers()['set-cookie']).toContain('postern_lang=de');
});
