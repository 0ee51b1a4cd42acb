// Live mail: with JavaScript an open folder page follows the mail server by itself (new mail,
// counts, the tab title, flags set by another client); five tabs hold one watch (counted by
// Dovecot); without JavaScript nothing changes until a reload. Mail is delivered over LMTP, as
// Postfix hands it to Dovecot, and changed with doveadm, another client on the same store.
// Each browser project has its own mailbox (scripts/e2e.sh seeds nina and oscar).
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const { logIn } = require('./helpers');
const { deliver: lmtp } = require('../lmtp');

const stack = process.env.POSTERN_MAILSTACK;
const lmtpPort = process.env.LMTP_PORT || '20024';

test.describe.configure({ mode: 'serial' });

function userOf(testInfo) {
  return testInfo.project.name === 'js' ? 'nina@example.test' : 'oscar@example.test';
}

/** Delivers a message to `address` through Dovecot's LMTP. */
function deliver(address, subject, id) {
  return lmtp(lmtpPort, address, subject, id);
}

function doveadm(...args) {
  return execFileSync('doveadm', ['-c', `${stack}/dovecot.conf`, ...args]).toString();
}

/** IMAP connections Dovecot counts for `address` now. */
function connections(address) {
  return doveadm('who', '-1', address).split('\n')
    .filter((line) => line.includes(address) && line.includes('imap')).length;
}

async function unreadOfInbox(page) {
  const text = await page.locator('[data-testid="folder"][data-special="inbox"]')
    .getAttribute('data-unread');
  return Number(text || '0');
}

test('new mail, counts, title and a flag set elsewhere show without a reload', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'js', 'needs JavaScript');
  test.skip(!stack, 'POSTERN_MAILSTACK not set');
  const user = userOf(testInfo);
  await logIn(page, user);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  const unread = await unreadOfInbox(page);
  // The page is not loaded again: a mark on its document would be lost.
  await page.evaluate(() => { window.__sameDocument = true; });

  const subject = '<img src=x onerror="window.__pwned=1"> Live & "well"';
  await deliver(user, subject, `live-e2e-${Date.now()}`);
  const row = page.getByTestId('message-row').first();
  await expect(row.getByTestId('message-subject')).toHaveText(subject, { timeout: 10_000 });
  await expect(row).toHaveAttribute('data-unread', 'true');
  await expect(page.locator('[data-testid="folder"][data-special="inbox"]'))
    .toHaveAttribute('data-unread', String(unread + 1));
  await expect(page.getByTestId('folder-counts')).toContainText(`${unread + 1} unread`);
  await expect(page).toHaveTitle(`(${unread + 1}) Inbox · Postern`);
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

  // Another client flags it and marks it read.
  const uid = await row.getAttribute('data-uid');
  doveadm('flags', 'add', '-u', user, '\\Flagged \\Seen', 'mailbox', 'INBOX', 'uid', uid);
  const same = page.locator(`[data-testid="message-row"][data-uid="${uid}"]`);
  await expect(same).toHaveAttribute('data-flagged', 'true');
  await expect(same).toHaveAttribute('data-unread', 'false');
  await expect(page).toHaveTitle(unread > 0 ? `(${unread}) Inbox · Postern` : 'Inbox · Postern');

  // And deletes it for good: the row goes.
  doveadm('expunge', '-u', user, 'mailbox', 'INBOX', 'uid', uid);
  await expect(same).toHaveCount(0);
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);

  // Logging out closes the session's connections, the watch among them.
  await page.getByTestId('logout').click();
  await expect.poll(() => connections(user)).toBe(0);
});

test('five tabs hold one watch; a ticked message stays ticked', async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== 'js', 'needs JavaScript');
  test.skip(!stack, 'POSTERN_MAILSTACK not set');
  const user = userOf(testInfo);
  // What is left of earlier tests' sessions (a connection is kept a while after its last use).
  const before = connections(user);
  await logIn(page, user);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  // This session: its own connection and its watch.
  await expect.poll(() => connections(user)).toBe(before + 2);
  const tabs = [page];
  for (let n = 0; n < 4; n++) {
    const tab = await context.newPage();
    await tab.goto('/mail');
    await expect(tab.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
    tabs.push(tab);
  }
  // Still the session's own connection and one watch, however many tabs.
  expect(connections(user)).toBeLessThanOrEqual(before + 2);

  // A message ticked in one tab stays ticked when the list is replaced.
  const ticked = tabs[2].getByTestId('message-row').first().locator('input[name="uids"]');
  await ticked.check();
  const subject = `For every tab ${Date.now()}`;
  await deliver(user, subject, `live-tabs-${Date.now()}`);
  for (const tab of tabs) {
    await expect(tab.getByTestId('message-row').first().getByTestId('message-subject'))
      .toHaveText(subject);
  }
  await expect(tabs[2].getByTestId('message-row').nth(1).locator('input[name="uids"]')).toBeChecked();

  // The leading tab closes: another takes the stream over and still hears new mail.
  await page.close();
  const second = `After the first tab closed ${Date.now()}`;
  await deliver(user, second, `live-tabs2-${Date.now()}`);
  await expect(tabs[1].getByTestId('message-row').first().getByTestId('message-subject'))
    .toHaveText(second);
  expect(connections(user)).toBeLessThanOrEqual(before + 2);
});

test('desktop notifications stay off until turned on', async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== 'js', 'needs JavaScript');
  await context.grantPermissions(['notifications']);
  await logIn(page, userOf(testInfo));
  const button = page.getByTestId('live-notify');
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByTestId('live-notify')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('live-notify').click();
  await expect(page.getByTestId('live-notify')).toHaveAttribute('aria-pressed', 'false');
});

test('without JavaScript the page stays as it is and a reload shows new mail', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'nojs', 'JavaScript off');
  test.skip(!stack, 'POSTERN_MAILSTACK not set');
  const user = userOf(testInfo);
  await logIn(page, user);
  await expect(page.getByTestId('live-status')).toHaveCount(0);
  await expect(page.getByTestId('live-notify')).toHaveCount(0);
  const subject = `Read on reload ${Date.now()}`;
  await deliver(user, subject, `live-nojs-${Date.now()}`);
  await page.reload();
  await expect(page.getByTestId('message-row').first().getByTestId('message-subject'))
    .toHaveText(subject);
});
