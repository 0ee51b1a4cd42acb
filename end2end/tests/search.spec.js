// Searching a folder with JavaScript on and off: results have their own URL and a way back.
const { test, expect } = require('@playwright/test');
const { logIn } = require('./helpers');

test('search the Inbox and go back', async ({ page }) => {
  await logIn(page);

  await page.getByTestId('search-input').fill('Site migration');
  await page.getByTestId('search-field').selectOption('subject');
  await page.getByTestId('search-submit').click();
  await expect(page).toHaveURL(/q=Site\+migration/);
  await expect(page.getByTestId('search-summary')).toContainText('2 messages found for “Site migration”');
  await expect(page.getByTestId('message-row')).toHaveCount(2);
  await page.reload();
  await expect(page.getByTestId('message-row')).toHaveCount(2);

  await page.getByTestId('search-clear').click();
  await expect(page.getByTestId('search-summary')).toHaveCount(0);
  await expect(page.getByTestId('folder-title')).toHaveText('Inbox');
});
