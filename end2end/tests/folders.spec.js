// Folder management with JavaScript on and off: create (non-ASCII name), rename, delete with a
// confirmation. Each project works in its own mailbox (JS on: erin, off: frank).
const { test, expect } = require('@playwright/test');

test('create, rename and delete a folder with a non-ASCII name', async ({ page }, testInfo) => {
  const user = testInfo.project.name === 'js' ? 'erin@example.test' : 'frank@example.test';
  await page.goto('/login');
  await page.getByTestId('login-email').fill(user);
  await page.getByTestId('login-password').fill('demo password');
  await page.getByTestId('login-submit').click();
  const folders = page.getByTestId('folder-list');
  await expect(folders).toBeVisible();

  await page.locator('.manage-folders summary').click();
  await page.getByTestId('folder-name').fill('Reisekosten Übersicht');
  await page.getByTestId('folder-create').click();
  await expect(page.getByTestId('notice')).toHaveText('Folder “Reisekosten Übersicht” created.');
  await expect(page.getByTestId('folder-title')).toHaveText('Reisekosten Übersicht');
  await expect(folders.getByText('Reisekosten Übersicht')).toBeVisible();

  await page.locator('.manage-folders summary').click();
  await page.getByTestId('folder-new-name').fill('Reisen 2026 – Köln');
  await page.getByTestId('folder-rename').click();
  await expect(page.getByTestId('notice')).toHaveText('Folder renamed to “Reisen 2026 – Köln”.');
  await expect(folders.getByText('Reisen 2026 – Köln')).toBeVisible();
  await expect(folders.getByText('Reisekosten Übersicht')).toHaveCount(0);

  await page.locator('.manage-folders summary').click();
  await page.getByTestId('folder-delete').click();
  await expect(page.getByTestId('confirm')).toBeVisible();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('notice')).toHaveText('Folder “Reisen 2026 – Köln” deleted.');
  await expect(folders.getByText('Reisen 2026 – Köln')).toHaveCount(0);
});
