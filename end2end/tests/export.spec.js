// Downloading a folder as mbox, with JavaScript on and off: a plain link that streams the file.
const { test, expect } = require('@playwright/test');
const fs = require('fs');

test('download the Inbox as an mbox file', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('login-email').fill('alice@example.test');
  await page.getByTestId('login-password').fill('demo password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('folder-list')).toBeVisible();
  const counts = await page.getByTestId('folder-counts').textContent();
  const total = parseInt(counts, 10);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-mbox').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('INBOX.mbox');
  const text = fs.readFileSync(await download.path(), 'latin1');
  expect(text.startsWith('From ')).toBe(true);
  const separators = text.split('\n').filter((line) => line.startsWith('From ')).length;
  expect(separators).toBe(total);
});
