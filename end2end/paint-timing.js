// Used by the benchmark: time to first contentful paint and to hydration of the Inbox in
// Debian's Chromium, logged in, over loopback. Prints JSON with medians of N loads.
//   node end2end/paint-timing.js BASE_URL ADDRESS PASSWORD [N]
const { launch, logIn } = require('./bench-browser');

(async () => {
  const [base, address, password, runs = '10'] = process.argv.slice(2);
  const browser = await launch();
  const page = await browser.newPage();
  await logIn(page, base, address, password, '[data-testid="folder-list"]');
  const paint = [];
  const hydrated = [];
  const readable = [];
  for (let i = 0; i < Number(runs); i++) {
    await page.goto(`${base}/mail`, { waitUntil: 'commit' });
    await page.waitForSelector('[data-testid="message-list"]');
    readable.push(await page.evaluate(() => performance.now()));
    await page.waitForSelector('[data-hydrated="true"]');
    hydrated.push(await page.evaluate(() => performance.now()));
    paint.push(await page.evaluate(() => {
      const entry = performance.getEntriesByName('first-contentful-paint')[0];
      return entry ? entry.startTime : NaN;
    }));
  }
  await browser.close();
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(JSON.stringify({
    first_contentful_paint_ms: median(paint),
    message_list_in_dom_ms: median(readable),
    hydrated_ms: median(hydrated),
  }));
})().catch((e) => { console.error(e); process.exit(1); });
