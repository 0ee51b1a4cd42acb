// Downloading a folder as mbox, with JavaScript on and off: a plain link that streams the file.
const { test, expect } = require('@playwright/test');
const { logIn } = require('./helpers');
const fs = require('fs');

test('download the Inbox as an mbox file', async ({ page }) => {
  await logIn(page);
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
