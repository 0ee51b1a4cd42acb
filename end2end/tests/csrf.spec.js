// A page on another site posts to Postern with the person's cookies (the browser sends them:
// SameSite=Lax does not cover every case, e.g. same-site subdomains). Real Chromium, with
// JavaScript on (the attacker's form submits itself) and off (the person clicks it).
const { test, expect } = require('@playwright/test');
const { logIn } = require('./helpers');

function attackerPage(target, fields) {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
    .join('');
  return `<!doctype html><html><body>
    <form id="f" method="post" action="${target}">${inputs}<button id="go">Win a prize</button></form>
    <script>document.getElementById('f').submit()</script></body></html>`;
}

for (const [name, path, fields] of [
  ['create a folder', '/mail/action', { action: 'folder-create', folder: 'INBOX', name: 'Forged' }],
  ['log out', '/logout', {}],
]) {
  test(`a cross-site form cannot ${name}`, async ({ page, baseURL }, testInfo) => {
    await logIn(page);
    await page.route('http://attacker.test/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: attackerPage(baseURL + path, fields) }));
    const answered = page.waitForResponse((r) => r.url().startsWith(baseURL + path));
    await page.goto('http://attacker.test/prize');
    if (testInfo.project.name === 'nojs') {
      await page.locator('#go').click();
    }
    const response = await answered;
    expect(response.status()).toBe(403);
    await page.goto('/mail');
    await expect(page.getByTestId('folder-list')).toBeVisible();
    await expect(page.locator('[data-testid="folder"][data-folder="Forged"]')).toHaveCount(0);
  });
}
