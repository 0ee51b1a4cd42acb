// What a stranger's mail can put where Postern shows text, and what a person downloads — in real
// Chromium with JavaScript on and off. scripts/e2e.sh seeds the fixtures (scripts/seed-hostile.py)
// and writes what the server holds to POSTERN_FIXTURES, which the downloads are compared with.
const { test, expect } = require('@playwright/test');
const { logIn } = require('./helpers');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const FIXTURES = process.env.POSTERN_FIXTURES || path.join(__dirname, '../../target/e2e-fixtures');
const fixtures = () => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'hostile.json'), 'utf8'));
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// Nothing a message carries became part of Postern's page.
async function expectIntact(page, testInfo) {
  await expect(page.locator('[data-testid="injected"]')).toHaveCount(0);
  await expect(page.locator('head meta[http-equiv]')).toHaveCount(0);
  await expect(page.getByTestId('logout')).toBeVisible();
  if (testInfo.project.name === 'js') {
    await expect(page.locator('[data-hydrated]')).toHaveAttribute('data-hydrated', 'true');
  }
}

test('hostile subjects and sender names stay text: tab title, list, message page', async ({ page }, testInfo) => {
  const { subjects } = fixtures();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await logIn(page);
  await page.goto('/mail?folder=Hostile');
  await expectIntact(page, testInfo);
  for (const subject of subjects) {
    await expect(page.getByTestId('message-row').filter({ hasText: subject })).toHaveCount(1);
  }
  for (const subject of subjects) {
    await page.goto('/mail?folder=Hostile');
    await page.getByTestId('message-row').filter({ hasText: subject }).locator('a').click();
    await expect(page.getByTestId('message-header-subject')).toHaveText(subject);
    await expect(page).toHaveTitle(`${subject} · Postern`);
    await expect(page.getByTestId('message-header-from')).toContainText('</title><h1');
    await expect(page.getByTestId('message-body')).toContainText('Hostile subject number');
    await expectIntact(page, testInfo);
    // The page still works: reply opens the form with the subject as text.
    await page.getByTestId('reply').click();
    await expect(page.getByTestId('compose-subject')).toHaveValue(`Re: ${subject}`);
    // The quoted body, hostile markup and all, is text inside the field.
    await expect(page.getByTestId('compose-body')).toHaveValue(/> <\/textarea><h1 data-testid="injected">Body<\/h1>/);
    await expect(page.locator('form[action="http://evil.test/"]')).toHaveCount(0);
    await expect(page).toHaveTitle(`Re: ${subject} · Postern`);
    await expectIntact(page, testInfo);
  }
  expect(errors).toEqual([]);
});

test('hostile folder names stay text: tab title, folder list, move menu', async ({ page }, testInfo) => {
  const { folders } = fixtures();
  await logIn(page);
  for (const name of folders) {
    await page.goto('/mail');
    const entry = page.locator('[data-testid="folder"]').filter({ hasText: name });
    await expect(entry).toHaveCount(1);
    const unread = Number(await entry.getAttribute('data-unread'));
    // Through the folder list, as a person would.
    await entry.locator('a').click();
    await expect(page.getByTestId('folder-title')).toHaveText(name);
    // Its unread count leads the tab title.
    await expect(page).toHaveTitle(unread > 0 ? `(${unread}) ${name} · Postern` : `${name} · Postern`);
    await expectIntact(page, testInfo);
    await page.getByTestId('message-row').first().locator('a').click();
    await expect(page.getByTestId('message-view')).toBeVisible();
    await expectIntact(page, testInfo);
  }
});

test('downloads arrive byte for byte: attachments with non-ASCII names, the .eml, the mbox', async ({ page }, testInfo) => {
  const { files } = fixtures();
  await logIn(page);
  await page.goto('/mail?folder=Downloads');
  await page.getByTestId('message-row').first().locator('a').click();
  await expect(page.getByTestId('attachment')).toHaveCount(2);

  const save = async (locator) => {
    const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
    expect(await download.failure(), `${download.suggestedFilename()}: not cancelled`).toBeNull();
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  };
  for (const [name, file] of Object.entries(files)) {
    const got = await save(page.locator(`[data-testid="attachment"][data-filename="${name}"]`));
    const expected = fs.readFileSync(path.join(FIXTURES, file));
    expect(got.name).toBe(name);
    expect(got.bytes.length, name).toBe(expected.length);
    expect(sha256(got.bytes), name).toBe(sha256(expected));
  }

  const eml = await save(page.getByTestId('download-eml'));
  const original = fs.readFileSync(path.join(FIXTURES, 'message.eml'));
  expect(sha256(eml.bytes), 'the .eml is the message as stored').toBe(sha256(original));

  await page.getByTestId('back-to-folder').click();
  const mbox = await save(page.getByTestId('export-mbox'));
  expect(mbox.name).toBe('Downloads.mbox');
  // mboxrd: a "From " line, the message with LF line ends and ">From " escaping, a blank line.
  const text = mbox.bytes.toString('latin1');
  expect(text.startsWith('From ')).toBe(true);
  const body = text.slice(text.indexOf('\n') + 1).replace(/\n$/, '').replace(/^>(>*From )/gm, '$1');
  const expected = original.toString('latin1').replace(/\r\n/g, '\n');
  expect(sha256(Buffer.from(body, 'latin1')), 'the mbox holds the message').toBe(sha256(Buffer.from(expected, 'latin1')));
});
