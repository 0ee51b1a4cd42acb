// Phones: at 320, 375 and 414 px (touch, mobile viewport) no page scrolls sideways, every field
// has text of at least 16 px (no zoom on focus), every primary action is at least 44×44 px, the
// message list comes before the folders, and the folders open behind "Folders" without script.
const { test, expect } = require('@playwright/test');
const { submitLogin } = require('./helpers');

const WIDTHS = [320, 375, 414];
// What a thumb presses on each page (those of them on the page).
const PRIMARY = [
  'login-submit', 'folders-toggle', 'compose-new', 'logout', 'search-submit', 'page-next',
  'page-prev', 'mark-read', 'delete', 'move-submit', 'reply', 'reply-all', 'forward', 'flag',
  'unflag', 'back-to-folder', 'compose-send', 'compose-save-draft', 'compose-cancel',
  'confirm-yes', 'confirm-cancel', 'attachment', 'folders-close', 'settings-link',
  'settings-save', 'settings-back', 'remote-images-always', 'rules-save', 'rules-back',
];

async function check(page, width, name) {
  const facts = await page.evaluate(([primary, width]) => {
    const small = [];
    for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]), select, textarea')) {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (el.offsetParent !== null && size < 16) small.push(`${el.name || el.type}: ${size}px`);
    }
    const tiny = [];
    for (const id of primary) {
      for (const el of document.querySelectorAll(`[data-testid="${id}"]`)) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue; // not shown at this width
        if (box.width < 44 || box.height < 44) tiny.push(`${id}: ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    // What sticks out, when something does: the innermost elements past the right edge.
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && el.children.length === 0)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, small, tiny, wide };
  }, [PRIMARY, width]);
  expect.soft(facts.scrollWidth, `${name} at ${width} px scrolls sideways: ${facts.wide.join(', ')}`).toBeLessThanOrEqual(width);
  expect.soft(facts.small, `${name} at ${width} px: fields under 16 px`).toEqual([]);
  expect.soft(facts.tiny, `${name} at ${width} px: actions under 44×44`).toEqual([]);
}

for (const width of WIDTHS) {
  test(`every page fits a ${width} px phone`, async ({ browser }, testInfo) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({
      viewport: { width, height: 720 },
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: testInfo.project.name !== 'nojs',
    });
    const page = await context.newPage();
    await page.goto('/login');
    await check(page, width, 'login');
    await submitLogin(page);
    await expect(page.getByTestId('folder-view')).toBeVisible();
    // The list comes first; the folders wait behind "Folders".
    await expect(page.getByTestId('folder-list')).toBeHidden();
    const first = await page.getByTestId('message-row').first().boundingBox();
    expect(first.y + first.height).toBeLessThan(720);
    await check(page, width, 'folder');
    await page.getByTestId('folders-toggle').tap();
    await expect(page.getByTestId('folder-list')).toBeVisible();
    await check(page, width, 'folders open');
    await page.getByTestId('folders-close').tap();
    await expect(page.getByTestId('folder-list')).toBeHidden();
    await page.goto('/mail?folder=INBOX&q=site&field=all');
    await check(page, width, 'search results');
    await page.goto('/mail?folder=Trash&confirm=empty');
    await check(page, width, 'Empty Trash confirmation');
    for (const subject of ['Re: Site migration this weekend', 'Autumn offers', 'Invoice 2026-1104']) {
      await page.goto('/mail');
      await page.getByTestId('message-row').filter({ hasText: subject }).first().locator('a').tap();
      await expect(page.getByTestId('message-view')).toBeVisible();
      await check(page, width, `message “${subject}”`);
    }
    await page.getByTestId('reply').tap();
    await expect(page.getByTestId('compose')).toBeVisible();
    await check(page, width, 'reply');
    await page.goto('/mail/compose');
    await check(page, width, 'compose');
    await page.getByTestId('compose-to').fill('not an address');
    await page.getByTestId('compose-send').tap();
    await expect(page.getByTestId('compose-error-to')).toBeVisible();
    await check(page, width, 'compose with an error');
    await page.goto('/settings');
    await check(page, width, 'settings');
    await page.goto('/settings/rules');
    await check(page, width, 'vacation reply and filters');
    await context.close();
  });
}

test('the site can be added to a home screen', async ({ request }) => {
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.ok()).toBe(true);
  const body = await manifest.json();
  expect(body.start_url).toBe('/mail');
  for (const icon of body.icons) {
    const file = await request.get(icon.src);
    expect(file.ok(), icon.src).toBe(true);
    expect((await file.body()).length).toBeGreaterThan(100);
  }
});
