// Accessibility, measured by axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules: no
// violation on any page, with the page's script running and without it, in the light and the
// dark colour scheme, at a desktop and a phone width. The sandboxed mail frame is the sender's
// content and is left out; everything around it is Postern's.
const { test, expect } = require('@playwright/test');
const { default: AxeBuilder } = require('@axe-core/playwright');
const { logIn, submitLogin } = require('./helpers');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 740 } };

// Every kind of page a person meets, reached as a person reaches it.
const PAGES = [
  { name: 'login', path: '/login', loggedOut: true },
  { name: 'login error', loggedOut: true, reach: loginWrong },
  { name: 'folder', path: '/mail' },
  { name: 'folder, later page', path: '/mail?folder=INBOX&page=2' },
  { name: 'search results', path: '/mail?folder=INBOX&q=site&field=all' },
  { name: 'folder management open', path: '/mail', reach: openFolderManager },
  { name: 'Empty Trash confirmation', path: '/mail?folder=Trash&confirm=empty' },
  { name: 'plain message', reach: (page) => openRow(page, 'Re: Site migration this weekend') },
  { name: 'HTML message', reach: (page) => openRow(page, 'Autumn offers') },
  { name: 'message with attachment', reach: (page) => openRow(page, 'Invoice 2026-1104') },
  { name: 'compose', path: '/mail/compose' },
  { name: 'compose with an error', reach: composeError },
  { name: 'reply', reach: reply },
  { name: 'settings', path: '/settings' },
  { name: 'settings with an error', reach: settingsError },
  { name: 'vacation reply and filters', path: '/settings/rules' },
  { name: 'not found', path: '/no-such-page' },
];

async function settingsError(page) {
  // Refused, so nothing of this mailbox's settings changes.
  await page.goto('/settings');
  await page.getByTestId('identity-reply-to').fill('replies@localhost');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error-reply_to')).toBeVisible();
}

async function loginWrong(page) {
  // An address without its domain: the error page, without a failed login counted against
  // this client (eight of those would stop every other test's login).
  await page.goto('/login');
  await submitLogin(page, 'alice', 'not the password');
  await expect(page.getByTestId('login-error')).toBeVisible();
}

async function openRow(page, subject) {
  await page.goto('/mail');
  await page.getByTestId('message-row').filter({ hasText: subject }).first().locator('a').click();
  await expect(page.getByTestId('message-view')).toBeVisible();
}

async function openFolderManager(page) {
  await page.goto('/mail');
  // On a phone the folders (and their management) are behind "Folders".
  if (await page.getByTestId('folders-toggle').isVisible()) await page.getByTestId('folders-toggle').click();
  await page.getByTestId('manage-folders').locator('summary').click();
}

async function composeError(page) {
  await page.goto('/mail/compose');
  await page.getByTestId('compose-to').fill('not an address');
  await page.getByTestId('compose-subject').fill('Checking');
  await page.getByTestId('compose-send').click();
  await expect(page.getByTestId('compose-error-to')).toBeVisible();
}

async function reply(page) {
  await openRow(page, 'Re: Site migration this weekend');
  await page.getByTestId('reply').click();
  await expect(page.getByTestId('compose')).toBeVisible();
}

// One run of axe over every page: `locale` is the browser's language (the pages follow it),
// `sideways` also checks that no page scrolls sideways (longer German words on a narrow phone).
async function axeEveryPage(browser, testInfo, { scripts, scheme, width, viewport, locale, sideways }) {
  const phone = width !== 'desktop';
  const context = await browser.newContext({
    viewport,
    colorScheme: scheme,
    hasTouch: phone,
    isMobile: phone,
    ...(locale ? { locale } : {}),
  });
  if (scripts === 'off') await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  const page = await context.newPage();
  const found = [];
  let checked = 0;
  let rules = 0;
  let loggedIn = false;
  for (const target of PAGES) {
    if (target.loggedOut) {
      await context.clearCookies();
      loggedIn = false;
    } else if (!loggedIn) {
      await logIn(page);
      loggedIn = true;
    }
    if (target.reach) await target.reach(page);
    else await page.goto(target.path);
    if (scripts === 'on' && !target.loggedOut && target.name !== 'not found') {
      await expect(page.locator('[data-hydrated]')).toHaveAttribute('data-hydrated', 'true');
    }
    // The stylesheet applied (and the frame loaded): axe measures sizes and colours.
    await page.waitForLoadState('load');
    if (locale) await expect(page.locator('html')).toHaveAttribute('lang', locale.slice(0, 2));
    const result = await new AxeBuilder({ page })
      .withTags(TAGS)
      .exclude('[data-testid="message-html"]')
      .analyze();
    checked += 1;
    rules = Math.max(rules, result.passes.length + result.violations.length + result.incomplete.length);
    for (const v of result.violations) {
      for (const node of v.nodes) {
        found.push(`${target.name}: ${v.id} (${v.impact}) ${node.target.join(' ')} — ${node.failureSummary.split('\n').slice(1, 2).join(' ').trim()}`);
      }
    }
    if (sideways) {
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (scrollWidth > innerWidth) found.push(`${target.name}: scrolls sideways (${scrollWidth} > ${innerWidth})`);
    }
  }
  const label = `script ${scripts}, ${scheme}, ${width}${locale ? `, ${locale}` : ''}`;
  testInfo.annotations.push({ type: 'axe', description: `${label}: ${checked} pages, ${rules} rules applied` });
  console.log(`axe (${label}): ${checked} pages, up to ${rules} rules each, ${found.length} violations`);
  await context.close();
  expect(found).toEqual([]);
}

for (const scripts of ['on', 'off']) {
  for (const scheme of ['light', 'dark']) {
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      test(`axe: every page, script ${scripts}, ${scheme}, ${width}`, async ({ browser }, testInfo) => {
        // Both script modes run here (axe itself needs JavaScript): "off" blocks the page's
        // own script and wasm, which leaves exactly the page a browser without JavaScript shows.
        test.skip(testInfo.project.name === 'nojs', 'runs both modes in the js project');
        test.setTimeout(240_000);
        await axeEveryPage(browser, testInfo, { scripts, scheme, width, viewport });
      });
    }
  }
}

// The same pages in German (the longest words of the four languages) on the narrowest phone:
// the labels, landmarks and names axe checks are the translated ones.
test('axe: every page in German, script on, light, 320 px phone', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name === 'nojs', 'runs in the js project');
  test.setTimeout(240_000);
  await axeEveryPage(browser, testInfo, {
    scripts: 'on',
    scheme: 'light',
    width: 'phone 320',
    viewport: { width: 320, height: 640 },
    locale: 'de-DE',
    sideways: true,
  });
});
