// Used by the benchmark: how long a delivered message takes to appear in an open Inbox in
// Debian's Chromium, without a reload. Each message goes to Dovecot's LMTP (as a mail server
// hands it over); the time runs from the start of the delivery until its row is in the page.
// Prints JSON: deliveries, median_ms, p95_ms, max_ms, reloads (must be 0).
//   node end2end/live-latency.js BASE_URL ADDRESS PASSWORD LMTP_PORT [N]
const { launch, logIn } = require('./bench-browser');
const { deliver } = require('./lmtp');

(async () => {
  const [base, address, password, port, runs = '50'] = process.argv.slice(2);
  const browser = await launch();
  const page = await browser.newPage();
  await logIn(page, base, address, password, '[data-testid="live-status"][data-state="live"]');
  await page.evaluate(() => {
    window.__sameDocument = true;
    // The moment each subject enters the page (the clock is the machine's, as in Node).
    window.__seen = {};
    new MutationObserver(() => {
      for (const e of document.querySelectorAll('[data-testid="message-subject"]')) {
        if (!(e.textContent in window.__seen)) window.__seen[e.textContent] = Date.now();
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const times = [];
  const tag = `${process.pid}-${Date.now()}`;
  for (let i = 0; i < Number(runs); i++) {
    const subject = `Seen live ${tag} ${i}`;
    const started = Date.now();
    await deliver(port, address, subject, `latency-${tag}-${i}`);
    const seenAt = await page.waitForFunction((s) => window.__seen[s], subject, { timeout: 15000 });
    times.push((await seenAt.jsonValue()) - started);
    // Let the flag and count changes that follow a delivery pass.
    await page.waitForTimeout(300);
  }
  const kept = await page.evaluate(() => window.__sameDocument === true);
  await browser.close();
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(JSON.stringify({
    deliveries: times.length,
    median_ms: at(0.5),
    p95_ms: at(0.95),
    max_ms: times[times.length - 1],
    reloads: kept ? 0 : 1,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
