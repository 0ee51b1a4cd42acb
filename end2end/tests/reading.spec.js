// Reading mail: pages, a plain message, an HTML message in its frame, an attachment — with
// JavaScript on and off. The e2e server shows 10 messages a page (POSTERN_PAGE_SIZE=10).
const { test, expect } = require('@playwright/test');
const { logIn } = require('./helpers');

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await expect(page.getByTestId('message-list')).toBeVisible();
});

test('page through the Inbox and back', async ({ page }) => {
  await expect(page.getByTestId('page-position').first()).toHaveText('1–10 of 27');
  await expect(page.getByTestId('message-row')).toHaveCount(10);
  await page.getByTestId('page-next').first().click();
  await expect(page.getByTestId('page-position').first()).toHaveText('11–20 of 27');
  await expect(page).toHaveURL(/page=2/);
  await page.goBack();
  await expect(page.getByTestId('page-position').first()).toHaveText('1–10 of 27');
  await page.goForward();
  await expect(page.getByTestId('page-position').first()).toHaveText('11–20 of 27');
  await page.reload();
  await expect(page.getByTestId('page-position').first()).toHaveText('11–20 of 27');
});

test('Back after reloading a later page shows the earlier page', async ({ page }) => {
  // With JavaScript, Back may come before the bundle has loaded: the page must still follow.
  await page.getByTestId('page-next').first().click();
  await expect(page.getByTestId('page-position').first()).toHaveText('11–20 of 27');
  await page.reload();
  await expect(page.getByTestId('page-position').first()).toHaveText('11–20 of 27');
  await page.goBack();
  await expect(page.getByTestId('page-position').first()).toHaveText('1–10 of 27');
});

test('page to the end by clicking Older until it is gone; rows and pager agree on every page', async ({ page }) => {
  const seen = [];
  for (;;) {
    const position = (await page.getByTestId('page-position').first().textContent()).trim();
    seen.push(position);
    // The rows shown are the ones the pager counts (a script that pages by clicking reads both).
    const [first, last] = position.split(' of ')[0].split('–').map(Number);
    await expect(page.getByTestId('message-row')).toHaveCount(last - first + 1);
    const next = page.getByTestId('page-next').first();
    if ((await next.count()) === 0) break;
    await next.click();
    await expect(page.getByTestId('page-position').first()).not.toHaveText(position);
    expect(seen.length).toBeLessThan(10);
  }
  expect(seen).toEqual(['1–10 of 27', '11–20 of 27', '21–27 of 27']);
  await expect(page.getByTestId('page-position').last()).toHaveText('21–27 of 27');
});

test('open a plain-text reply and go back', async ({ page }) => {
  const row = page.getByTestId('message-row').filter({ hasText: 'Re: Site migration this weekend' }).first();
  await row.locator('a').click();
  await expect(page.getByTestId('message-view')).toBeVisible();
  await expect(page.getByTestId('message-header-subject')).toHaveText('Re: Site migration this weekend');
  await expect(page.getByTestId('message-header-from')).toHaveText('Bob Builder <bob@example.test>');
  await expect(page.getByTestId('message-body')).toContainText('Great, thanks!');
  await page.getByTestId('back-to-folder').click();
  await expect(page.getByTestId('message-list')).toBeVisible();
});

test('an HTML message stays in its sandboxed frame with remote images blocked', async ({ page }) => {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.getByTestId('message-row').filter({ hasText: 'Autumn offers' }).locator('a').click();
  const frame = page.getByTestId('message-html');
  await expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
  await expect(page.frameLocator('[data-testid="message-html"]').getByText('Our autumn sale starts today.')).toBeVisible();
  await expect(page.getByTestId('show-remote-images')).toBeVisible();
  expect(requests.filter((u) => !u.startsWith('http://127.0.0.1'))).toEqual([]);
});

test('download an attachment', async ({ page }) => {
  await page.getByTestId('message-row').filter({ hasText: 'Invoice 2026-1104' }).locator('a').click();
  const attachment = page.getByTestId('attachment');
  await expect(attachment).toHaveAttribute('data-filename', 'Rechnung-2026-1104.pdf');
  const [download] = await Promise.all([page.waitForEvent('download'), attachment.click()]);
  expect(download.suggestedFilename()).toBe('Rechnung-2026-1104.pdf');
  // A cancelled download has a name too: what arrived must be the PDF.
  expect(await download.failure()).toBeNull();
  const bytes = require('fs').readFileSync(await download.path());
  expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  await expect(page.getByTestId('download-eml')).toBeVisible();
});
