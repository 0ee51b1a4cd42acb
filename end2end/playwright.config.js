// Browser tests against a running Postern (scripts/e2e.sh starts it with a seeded mail stack).
// Debian's Chromium, never a downloaded browser. Two projects: JavaScript on and off.
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: './tests',
  // Generous: CI runs these on a 2-core machine that may be busy with other work, against a
  // debug build. A test that needs longer has its own test.setTimeout.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.POSTERN_URL || 'http://127.0.0.1:3100',
    actionTimeout: 30_000,
    navigationTimeout: 45_000,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'nojs', use: { javaScriptEnabled: false } },
  ],
});
