// Folder management with JavaScript on and off: create (non-ASCII name), rename, delete with a
// confirmation. Each project works in its own mailbox (JS on: erin, off: frank).
const { test, expect } = require('@playwright/test');
const { submitLogin } = require('./helpers');

test('create, rename and delete a folder with a non-ASCII name', async ({ page }, testInfo) => {
  const user = testInfo.project.name === 'js' ? 'erin@example.test' : 'frank@example.test';
  await submitLogin(page, user);
  const folders = page.getByTestId('folder-list');
  // Names of this run only: an earlier run against the same mailbox cannot get in the way.
  const tag = `${Date.now().toString(36)}${testInfo.repeatEachIndex}`;
  const first = `Reisekosten Übersicht ${tag}`;
  const second = `Reisen 2026 – Köln ${tag}`;
  await expect(folders).toBeVisible();

  await page.locator('.manage-folders summary').click();
  await page.getByTestId('folder-name').fill(first);
  await page.getByTestId('folder-create').click();
  await expect(page.getByTestId('notice')).toHaveText(`Folder “${first}” created.`);
  await expect(page.getByTestId('folder-title')).toHaveText(first);
  await expect(folders.getByText(first)).toBeVisible();

  await page.locator('.manage-folders summary').click();
  await page.getByTestId('folder-new-name').fill(second);
  await page.getByTestId('folder-rename').click();
  await expect(page.getByTestId('notice')).toHaveText(`Folder renamed to “${second}”.`);
  await expect(folders.getByText(second)).toBeVisible();
  await expect(folders.getByText(first)).toHaveCount(0);

  await page.locator('.manage-folders summary').click();
  await page.getByTestId('folder-delete').click();
  await expect(page.getByTestId('confirm')).toBeVisible();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('notice')).toHaveText(`Folder “${second}” deleted.`);
  await expect(folders.getByText(second)).toHaveCount(0);
});
