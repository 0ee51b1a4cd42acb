// Used by the benchmark: Postern on an emulated slow mobile link in Debian's Chromium (CDP
// network conditions: 400 ms round trip, 400 kbit/s down and up — "slow 3G"), from a cold cache:
// how long until the login page can be used, the Inbox can be read after the login is submitted,
// the Inbox is interactive (its islands running: data-hydrated="true"), and a message is open.
// Prints JSON (milliseconds).
//   node end2end/slow-link.js BASE_URL ADDRESS PASSWORD
const { launch } = require('./bench-browser');

(async () => {
  const [base, address, password] = process.argv.slice(2);
  const browser = await launch();
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1000) / 8,
    uploadThroughput: (400 * 1000) / 8,
  });
  const since = (t0) => Date.now() - t0;
  let t0 = Date.now();
  await page.goto(`${base}/login`, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid="login-submit"]');
  const login_usable_ms = since(t0);
  await page.fill('[data-testid="login-email"]', address);
  await page.fill('[data-testid="login-password"]', password);
  t0 = Date.now();
  await page.click('[data-testid="login-submit"]', { noWaitAfter: true });
  await page.waitForSelector('[data-testid="message-row"]', { timeout: 120000 });
  const inbox_readable_ms = since(t0);
  await page.waitForSelector('[data-hydrated="true"]', { timeout: 120000 });
  const inbox_interactive_ms = since(t0);
  t0 = Date.now();
  await page.locator('[data-testid="message-row"] a').first().click({ noWaitAfter: true });
  await page.waitForSelector('[data-testid="message-view"]', { timeout: 120000 });
  const message_open_ms = since(t0);
  await browser.close();
  console.log(JSON.stringify({ login_usable_ms, inbox_readable_ms, inbox_interactive_ms, message_open_ms }));
})().catch((e) => { console.error(e); process.exit(1); });
