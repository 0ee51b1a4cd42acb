// The person's settings with JavaScript on and off: saved on the mail server, read back, and
// used where a person notices them — the From name, Reply-To and signature of a message as
// stored in Sent and as received, rows per page, and remote images of a listed sender. Each
// project has its own mailbox (JS on: kate, off: leo); grace receives.
const fs = require('fs');
const { test, expect } = require('@playwright/test');
const { logIn } = require('./helpers');

test.describe.configure({ mode: 'serial' });

function user(testInfo) {
  return testInfo.project.name === 'js' ? 'kate@example.test' : 'leo@example.test';
}

function unique(testInfo) {
  return `${testInfo.project.name}-${Date.now().toString(36)}-${testInfo.repeatEachIndex}`;
}

async function hydrated(page, testInfo) {
  if (testInfo.project.name === 'js') {
    await expect(page.locator('[data-hydrated]')).toHaveAttribute('data-hydrated', 'true');
  }
}

/** A download's bytes, as the browser saved them. */
async function saved(page, locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return fs.readFileSync(await download.path()).toString('utf8');
}

/** The text of a single-part message, its quoted-printable decoded (what a mail client shows). */
function bodyText(eml) {
  const body = eml.slice(eml.search(/\r?\n\r?\n/)).replace(/^\s+/, '');
  if (!/quoted-printable/i.test(header(eml, 'Content-Transfer-Encoding') || '')) return body;
  const bytes = [];
  const text = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

/** The unfolded value of one header field of a message's text. */
function header(eml, name) {
  const head = eml.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

test('settings are saved, read back and used in a sent message', async ({ page }, testInfo) => {
  const me = user(testInfo);
  const subject = `Signed ${unique(testInfo)}`;
  const name = 'Kate "K." Müller';
  const signature = 'Kate Müller\nExample & Co <Köln>';
  await logIn(page, me);
  await page.getByTestId('settings-link').click();
  await expect(page.getByTestId('settings')).toBeVisible();
  await expect(page.getByTestId('settings-not-kept')).toHaveCount(0);
  await hydrated(page, testInfo);
  await page.getByTestId('identity-name').fill(name);
  await page.getByTestId('identity-reply-to').fill(`replies-${testInfo.project.name}@example.test`);
  await page.getByTestId('signature').fill(signature);
  await page.getByTestId('settings-page-size').selectOption('25');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('notice')).toHaveText('Settings saved.');

  // Read back from the server (a fresh load of the page).
  await page.goto('/settings');
  await expect(page.getByTestId('identity-name')).toHaveValue(name);
  await expect(page.getByTestId('signature')).toHaveValue(signature);
  await expect(page.getByTestId('settings-page-size')).toHaveValue('25');

  // A new message carries the signature under its separator, once.
  await page.getByTestId('compose-new').click();
  await expect(page.getByTestId('compose-from')).toHaveText(`${name} <${me}>`);
  await expect(page.getByTestId('compose-body')).toHaveValue(`\n\n-- \n${signature}\n`);
  await hydrated(page, testInfo);
  await page.getByTestId('compose-to').fill('grace@example.test');
  await page.getByTestId('compose-subject').fill(subject);
  const body = await page.getByTestId('compose-body').inputValue();
  await page.getByTestId('compose-body').fill(`Hello Grace,${body}`);
  await page.getByTestId('compose-send').click();
  await expect(page.getByTestId('compose-sent')).toHaveText('Message sent.');

  // As stored in Sent: the message's own bytes.
  await page.goto('/mail?folder=Sent');
  await page.getByTestId('message-row').filter({ hasText: subject }).locator('a').click();
  const stored = await saved(page, page.getByTestId('download-eml'));
  expect(header(stored, 'Reply-To')).toBe(`replies-${testInfo.project.name}@example.test`);
  expect(header(stored, 'From')).toContain(`<${me}>`);
  expect(bodyText(stored).trimEnd()).toBe(`Hello Grace,\n\n-- \n${signature}`);

  // As received: grace sees the name and the signature once.
  await page.getByTestId('logout').click();
  await logIn(page, 'grace@example.test');
  const row = page.getByTestId('message-row').filter({ hasText: subject });
  await expect(row).toHaveCount(1, { timeout: 15_000 }).catch(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 15_000 });
  });
  await expect(row.getByTestId('message-from')).toHaveText(name);
  await row.locator('a').click();
  await expect(page.getByTestId('message-header-from')).toHaveText(`${name} <${me}>`);
  const text = await page.getByTestId('message-body').innerText();
  expect(text.split('Example & Co <Köln>').length - 1).toBe(1);
  const received = await saved(page, page.getByTestId('download-eml'));
  expect(header(received, 'Reply-To')).toBe(`replies-${testInfo.project.name}@example.test`);
  expect(bodyText(received).trimEnd()).toBe(`Hello Grace,\n\n-- \n${signature}`);
});

test('the chosen page size and language apply at once', async ({ page }, testInfo) => {
  await logIn(page, user(testInfo));
  await page.goto('/settings');
  await page.getByTestId('settings-page-size').selectOption('25');
  await page.getByTestId('settings-language').selectOption('de');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('notice')).toHaveText('Einstellungen gespeichert.');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  // Back to the browser's language, for the other tests of this mailbox.
  await page.getByTestId('settings-language').selectOption('');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('notice')).toHaveText('Settings saved.');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a bad Reply-To is named and nothing typed is lost', async ({ page }, testInfo) => {
  await logIn(page, user(testInfo));
  await page.goto('/settings');
  await page.getByTestId('identity-name').fill('Still here');
  // An address the browser's own check lets through (type=email), but no domain mail reaches.
  await page.getByTestId('identity-reply-to').fill('replies@localhost');
  await page.getByTestId('signature').fill('</textarea><b>bold</b>');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error-reply_to')).toBeVisible();
  await expect(page.getByTestId('identity-name')).toHaveValue('Still here');
  await expect(page.getByTestId('identity-reply-to')).toHaveValue('replies@localhost');
  await expect(page.getByTestId('signature')).toHaveValue('</textarea><b>bold</b>');
  await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
});

test('remote images of a listed sender show without asking', async ({ page }, testInfo) => {
  await logIn(page, user(testInfo));
  await page.goto('/mail?folder=INBOX&q=Autumn');
  await page.getByTestId('message-row').filter({ hasText: 'Autumn offers' }).locator('a').click();
  const message = page.url();
  await expect(page.getByTestId('show-remote-images')).toBeVisible();
  await page.getByTestId('remote-images-always').click();
  await expect(page.getByTestId('notice')).toContainText('news@shop.example.net');
  await expect(page.getByTestId('message-html')).toHaveAttribute('src', /remote=1/);
  await expect(page.getByTestId('show-remote-images')).toHaveCount(0);
  // Listed in the settings, removable there or from the message.
  await page.goto('/settings');
  await expect(page.getByTestId('settings-remote-images')).toHaveValue('news@shop.example.net');
  await page.goto(message);
  await expect(page.getByTestId('show-remote-images')).toHaveCount(0);
  await page.getByTestId('remote-images-stop').click();
  await expect(page.getByTestId('show-remote-images')).toBeVisible();
});

test('addresses written to are suggested in the recipient fields', async ({ page }, testInfo) => {
  // The first test of this file sent to grace: she is in the address book now.
  await logIn(page, user(testInfo));
  await page.getByTestId('compose-new').click();
  await expect(page.getByTestId('address-book').locator('option[value="grace@example.test"]')).toHaveCount(1);
  if (testInfo.project.name === 'js') {
    await hydrated(page, testInfo);
    const to = page.getByTestId('compose-to');
    await to.fill('bob@example.test, gra');
    const list = page.getByTestId('address-suggestions').first();
    await expect(list).toBeVisible();
    await expect(to).toHaveAttribute('aria-expanded', 'true');
    await expect(list.getByTestId('address-suggestion')).toHaveText(['grace@example.test']);
    await to.press('ArrowDown');
    await expect(list.getByTestId('address-suggestion').first()).toHaveAttribute('aria-selected', 'true');
    await to.press('Enter');
    // Taken, not sent: the form is still here, the list closed.
    await expect(to).toHaveValue('bob@example.test, grace@example.test, ');
    await expect(page.getByTestId('compose')).toBeVisible();
    await expect(list).toBeHidden();
    // A click takes one too (Cc's own list).
    const cc = page.getByTestId('compose-cc');
    await cc.fill('GRACE');
    await page.getByTestId('address-suggestions').first().getByTestId('address-suggestion').first().click();
    await expect(cc).toHaveValue('grace@example.test, ');
  } else {
    // Without JavaScript the browser's own suggestions come from the datalist.
    await expect(page.getByTestId('compose-to')).toHaveAttribute('list', 'address-book');
  }
  // Listed, and removable, on the settings page.
  await page.goto('/settings');
  const entry = page.locator('[data-testid="address-book-entry"][data-address="grace@example.test"]');
  await expect(entry).toHaveCount(1);
});

test('a vacation reply and a filter are set, shown on every page, and turned off', async ({ page }, testInfo) => {
  await logIn(page, user(testInfo));
  await page.goto('/settings');
  await page.getByTestId('settings-rules-link').click();
  await expect(page.getByTestId('rules')).toBeVisible();
  await expect(page.getByTestId('rules-foreign')).toHaveCount(0);
  await page.getByTestId('vacation-on').check();
  await page.getByTestId('vacation-subject').fill('Away "until" Monday');
  await page.getByTestId('vacation-text').fill('I am away.\n.\nBack on Monday \\ Kate');
  await page.getByTestId('vacation-days').fill('1');
  const blank = page.getByTestId('filter-row').last();
  await blank.getByTestId('filter-field').selectOption('subject');
  await blank.getByTestId('filter-value').fill(`[e2e-${testInfo.project.name}]`);
  await blank.getByTestId('filter-action').selectOption('move');
  await blank.getByTestId('filter-folder').selectOption('Archive');
  await page.getByTestId('rules-save').click();
  await expect(page.getByTestId('notice')).toHaveText('Vacation reply and filters saved.');
  // Read back from the server: the script Postern wrote.
  await page.goto('/settings/rules');
  await expect(page.getByTestId('vacation-on')).toBeChecked();
  await expect(page.getByTestId('vacation-subject')).toHaveValue('Away "until" Monday');
  await expect(page.getByTestId('vacation-text')).toHaveValue('I am away.\n.\nBack on Monday \\ Kate');
  await expect(page.getByTestId('filter-row')).toHaveCount(2);
  await expect(page.getByTestId('filter-row').first().getByTestId('filter-folder')).toHaveValue('Archive');
  // Said on every page while it runs.
  await page.goto('/mail');
  await expect(page.getByTestId('vacation-banner')).toBeVisible();
  await page.getByTestId('vacation-banner-change').click();
  await page.getByTestId('vacation-on').uncheck();
  await page.getByTestId('filter-row').first().getByTestId('filter-delete').check();
  await page.getByTestId('rules-save').click();
  await expect(page.getByTestId('notice')).toHaveText('Vacation reply and filters saved.');
  await expect(page.getByTestId('vacation-banner')).toHaveCount(0);
  await expect(page.getByTestId('filter-row')).toHaveCount(1);
});
