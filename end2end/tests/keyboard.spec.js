// The keyboard alone. JavaScript on and off: log in, open the third message, reply, send, log
// out with key presses only (Tab, typing, Enter), and the reply arrives. JavaScript on: every
// shortcut (docs/shortcuts.md) does what its button does, never while typing in a field and
// never with a modifier held. Each project has its own mailbox (scripts/e2e.sh seeds heidi for
// the shortcuts, ivan and judy for the keyboard-only round); grace receives.
const { test, expect } = require('@playwright/test');
const { DEMO_PASSWORD, logIn } = require('./helpers');

/** Presses Tab until the focus is on the element `selector` names (at most 300 times). */
async function tabTo(page, selector) {
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('log in, open the third message, reply, send and log out by keyboard alone', async ({ page }, testInfo) => {
  const user = testInfo.project.name === 'js' ? 'ivan@example.test' : 'judy@example.test';
  const token = `${testInfo.project.name}-${Date.now().toString(36)}`;
  await page.goto('/login');
  await tabTo(page, '[data-testid=login-email]');
  await page.keyboard.type(user);
  await tabTo(page, '[data-testid=login-password]');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('folder-view')).toBeVisible();

  const third = page.getByTestId('message-row').nth(2);
  const uid = await third.getAttribute('data-uid');
  const subject = (await third.getByTestId('message-subject').textContent()).trim();
  await tabTo(page, `[data-testid=message-row][data-uid="${uid}"] > a`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message-view')).toHaveAttribute('data-uid', uid);
  await expect(page.getByTestId('message-header-subject')).toHaveText(subject);

  await tabTo(page, '[data-testid=reply]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('compose')).toBeVisible();
  // The reply goes to grace instead of the seeded sender (a mailbox the test can read).
  await tabTo(page, '[data-testid=compose-to]');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('grace@example.test');
  await tabTo(page, '[data-testid=compose-body]');
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type(`Answered by keyboard ${token}.\n\n`);
  await tabTo(page, '[data-testid=compose-send]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('compose-sent')).toHaveText('Message sent.');

  await tabTo(page, '[data-testid=logout]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('login-email')).toBeVisible();

  // What grace sees (checked with the mouse: the keyboard's part is over).
  await logIn(page, 'grace@example.test');
  // The one message holding the token (a search of the text: delivery may take a moment).
  const row = page.getByTestId('message-row');
  await page.getByTestId('search-input').fill(token);
  await page.getByTestId('search-field').selectOption('body');
  await page.getByTestId('search-submit').click();
  await expect(row).toHaveCount(1, { timeout: 15_000 }).catch(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 15_000 });
  });
  await row.locator('a').click();
  await expect(page.getByTestId('message-header-subject')).toContainText('Re:');
  await expect(page.getByTestId('message-body')).toContainText(`Answered by keyboard ${token}.`);
});

test.describe('shortcuts', () => {
  test.describe.configure({ mode: 'serial' });
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'shortcuts need JavaScript');

  test.beforeEach(async ({ page }) => {
    await logIn(page, 'heidi@example.test');
    await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');
  });

  const current = (page) => page.locator('[data-testid=message-row].current');

  test('? lists them, Escape closes the list', async ({ page }) => {
    await expect(page.getByTestId('shortcuts-help')).toBeHidden();
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-help');
    await expect(help).toBeVisible();
    for (const key of ['j', 'k', 'o / Enter', 'u', 'r', 'a', 'f', 'c', '#', 's', 'x', '/', '?']) {
      await expect(help.locator('kbd', { hasText: key }).first()).toBeVisible();
    }
    // While the list is open no other shortcut runs.
    await page.keyboard.press('j');
    await expect(current(page)).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-close').press('Enter');
    await expect(help).toBeHidden();
  });

  test('j and k move, o and Enter open, u goes back', async ({ page }) => {
    const uids = await page.getByTestId('message-row').evaluateAll((rows) => rows.map((r) => r.dataset.uid));
    const uid = async (i) => uids[i];
    await page.keyboard.press('j');
    await expect(current(page)).toHaveAttribute('data-uid', await uid(0));
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect(current(page)).toHaveAttribute('data-uid', await uid(2));
    await page.keyboard.press('k');
    await expect(current(page)).toHaveAttribute('data-uid', await uid(1));
    await expect(current(page)).toHaveCount(1);
    const second = await uid(1);
    await page.keyboard.press('o');
    await expect(page.getByTestId('message-view')).toHaveAttribute('data-uid', second);
    await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');
    await page.keyboard.press('u');
    await expect(page.getByTestId('folder-view')).toBeVisible();
    await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('message-view')).toHaveAttribute('data-uid', await uid(0));
  });

  test('never while typing, never with a modifier', async ({ page }) => {
    await page.keyboard.press('/');
    await expect(page.getByTestId('search-input')).toBeFocused();
    await page.keyboard.type('jkx#');
    await expect(page.getByTestId('search-input')).toHaveValue('jkx#');
    await expect(current(page)).toHaveCount(0);
    await page.getByTestId('search-input').blur();
    for (const key of ['Control+j', 'Alt+j', 'Meta+j', 'Control+c', 'Alt+x']) {
      await page.keyboard.press(key);
    }
    await expect(current(page)).toHaveCount(0);
    await expect(page.getByTestId('folder-view')).toBeVisible();
    await expect(page.locator('[data-testid=select-message]:checked')).toHaveCount(0);
  });

  test('x ticks, s flags and unflags, # deletes', async ({ page }) => {
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const row = current(page);
    const uid = await row.getAttribute('data-uid');
    await page.keyboard.press('x');
    await expect(page.locator(`[data-testid=select-message][data-uid="${uid}"]`)).toBeChecked();
    await page.keyboard.press('x');
    await expect(page.locator(`[data-testid=select-message][data-uid="${uid}"]`)).not.toBeChecked();

    const flagged = (await row.getAttribute('data-flagged')) === 'true';
    await page.keyboard.press('s');
    await expect(page.getByTestId('notice')).toHaveText(flagged ? 'Flag removed.' : 'Flagged.');
    const same = page.locator(`[data-testid=message-row][data-uid="${uid}"]`);
    await expect(same).toHaveAttribute('data-flagged', String(!flagged));
    await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');

    // On the message page: s and # press its own buttons.
    await same.locator('a').click();
    await expect(page.getByTestId('message-view')).toHaveAttribute('data-uid', uid);
    await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');
    await page.keyboard.press('s');
    await expect(page.getByTestId('notice')).toHaveText(flagged ? 'Flagged.' : 'Flag removed.');
    await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');
    await page.keyboard.press('#');
    await expect(page.getByTestId('notice')).toHaveText('Moved to Trash.');
    await expect(page.locator(`[data-testid=message-row][data-uid="${uid}"]`)).toHaveCount(0);

    // In the list: # moves the current message to Trash.
    await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');
    await page.keyboard.press('j');
    const next = await current(page).getAttribute('data-uid');
    await page.keyboard.press('#');
    await expect(page.getByTestId('notice')).toHaveText('Moved to Trash.');
    await expect(page.locator(`[data-testid=message-row][data-uid="${next}"]`)).toHaveCount(0);
  });

  test('r, a, f answer; c writes a new message', async ({ page }) => {
    for (const [key, mode] of [['r', 'reply'], ['a', 'reply-all'], ['f', 'forward']]) {
      await page.keyboard.press('j');
      await page.keyboard.press('o');
      await expect(page.getByTestId('message-view')).toBeVisible();
      const uid = await page.getByTestId('message-view').getAttribute('data-uid');
      await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');
      await page.keyboard.press(key);
      await expect(page.getByTestId('compose')).toBeVisible();
      expect(page.url()).toContain(`mode=${mode}&`);
      expect(page.url()).toContain(`uid=${uid}`);
      // Typed into the form, the keys are text.
      await page.getByTestId('compose-body').press('c');
      await expect(page.getByTestId('compose')).toBeVisible();
      await page.goto('/mail');
      await expect(page.locator('#postern')).toHaveAttribute('data-hydrated', 'true');
    }
    await page.keyboard.press('c');
    await expect(page.getByTestId('compose')).toBeVisible();
    expect(new URL(page.url()).search).toBe('');
  });
});
