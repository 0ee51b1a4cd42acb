// What the benchmark's browser scripts share: Debian's Chromium, headless, quiet (no
// background traffic of its own to disturb the timings), and the login form filled in.
const { chromium } = require('@playwright/test');

function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Logs in through the form, as a person does; resolves once `ready` (a selector) is there. */
async function logIn(page, base, address, password, ready) {
  await page.goto(`${base}/login`);
  await page.fill('[data-testid="login-email"]', address);
  await page.fill('[data-testid="login-password"]', password);
  await page.click('[data-testid="login-submit"]');
  await page.waitForSelector(ready);
}

module.exports = { launch, logIn };
