// Every hostile-HTML vector of the shared corpus (DOMPurify's fixtures, Roundcube's cases),
// opened as a mail in real Chromium with JavaScript on: no script runs (no dialog, no uncaught
// error, no navigation), no request leaves for another host, Postern's own page is neither
// restyled nor overlaid. scripts/e2e.sh seeds them into the folder "xss" when the corpus exists.
const { test, expect } = require('@playwright/test');
const { logIn } = require('./helpers');

const CHUNKS = 4;

for (let chunk = 0; chunk < CHUNKS; chunk++) {
  test(`hostile HTML vectors, part ${chunk + 1} of ${CHUNKS}`, async ({ page, baseURL }, testInfo) => {
    test.skip(testInfo.project.name === 'nojs', 'scripts can only run with JavaScript on');
    test.setTimeout(240_000);
    await logIn(page);
    const folder = page.locator('[data-testid="folder"][data-folder="xss"]');
    test.skip((await folder.count()) === 0, 'the shared corpus is not beside the checkout');

    await page.goto('/mail?folder=xss');
    const position = await page.getByTestId('page-position').first().textContent();
    const total = Number(position.split(' of ')[1].replace(/,/g, ''));
    expect(total).toBeGreaterThan(300);

    const origin = new URL(baseURL).origin;
    const problems = [];
    page.on('dialog', async (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      await dialog.dismiss();
    });
    page.on('pageerror', (error) => problems.push(`script error: ${error}`));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('about:')) {
        problems.push(`request: ${url}`);
      }
    });

    for (let uid = chunk + 1; uid <= total; uid += CHUNKS) {
      const target = `/mail/message?folder=xss&uid=${uid}`;
      await page.goto(target, { waitUntil: 'load' });
      const where = `uid ${uid}`;
      expect(new URL(page.url()).pathname + new URL(page.url()).search, `${where}: no navigation`).toBe(target);
      // Postern's own bar is where it belongs and on top.
      const bar = await page.getByTestId('logout').boundingBox();
      expect(bar, `${where}: logout button visible`).not.toBeNull();
      const onTop = await page.evaluate(({ x, y }) => {
        const el = document.elementFromPoint(x, y);
        return el && el.closest('[data-testid="logout"]') !== null;
      }, { x: bar.x + bar.width / 2, y: bar.y + bar.height / 2 });
      expect(onTop, `${where}: nothing overlays Postern's page`).toBe(true);
      const bodyStyle = await page.evaluate(() => getComputedStyle(document.body).display);
      expect(bodyStyle, `${where}: Postern's page not restyled`).not.toBe('none');
      if (problems.length) break;
    }
    expect(problems).toEqual([]);
  });
}
