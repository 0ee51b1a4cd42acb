// Organising with JavaScript on and off: flag, delete to Trash, permanent delete and Empty
// Trash with their confirmations. These change mail, so each browser project has its own
// mailbox (scripts/e2e.sh seeds carol and dave) and the tests of this file run in order.
const { test, expect } = require('@playwright/test');
const { logIn } = require('./helpers');

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }, testInfo) => {
  const user = testInfo.project.name === 'js' ? 'carol@example.test' : 'dave@example.test';
  await logIn(page, user);
});

test('flag, delete to Trash, delete for good', async ({ page }) => {
  const subject = 'Grüße aus München 🍺';
  await page.getByTestId('message-row').filter({ hasText: subject }).locator('a').click();
  await expect(page.getByTestId('message-header-subject')).toHaveText(subject);

  await page.getByTestId('flag').click();
  await expect(page.getByTestId('notice')).toHaveText('Flagged.');
  await expect(page.getByTestId('unflag')).toBeVisible();

  await page.getByTestId('delete').click();
  await expect(page.getByTestId('notice')).toHaveText('Moved to Trash.');
  await expect(page.getByTestId('message-row').filter({ hasText: subject })).toHaveCount(0);

  await page.locator('[data-testid="folder"][data-folder="Trash"] a').click();
  await page.getByTestId('message-row').filter({ hasText: subject }).locator('a').click();
  await expect(page.getByTestId('message-view')).toBeVisible();
  await page.getByTestId('delete').click();
  await expect(page.getByTestId('confirm')).toBeVisible();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('notice')).toHaveText('Deleted permanently.');
  await expect(page.getByTestId('message-row').filter({ hasText: subject })).toHaveCount(0);
});

test('Empty Trash asks first and can be cancelled', async ({ page }) => {
  await expect(page.getByTestId('quota')).toBeVisible();
  // Something in Trash, whatever the tests before left there.
  await page.getByTestId('message-row').first().locator('a').click();
  await page.getByTestId('delete').click();
  await expect(page.getByTestId('notice')).toHaveText('Moved to Trash.');
  await expect(page.getByTestId('trash-size')).toContainText(/Trash holds \d/);
  await page.getByTestId('empty-trash').click();
  await expect(page.getByTestId('confirm')).toContainText('Delete all');
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('confirm')).toHaveCount(0);
  await page.getByTestId('empty-trash').click();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('notice')).toContainText('Trash emptied');
  await expect(page.getByTestId('message-list-empty')).toBeVisible();
});

test('select several messages and act on them at once', async ({ page }) => {
  const boxes = page.getByTestId('select-message');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByTestId('mark-unread').click();
  await expect(page.getByTestId('notice')).toHaveText('2 messages: marked as unread.');
  await page.getByTestId('select-all').click();
  await expect(page.getByTestId('select-message').first()).toBeChecked();
  await page.getByTestId('mark-read').click();
  await expect(page.getByTestId('notice')).toContainText('messages: marked as read.');
  await expect(page.locator('[data-testid="message-row"][data-unread="true"]')).toHaveCount(0);
});

test('move a message to another folder (flags travel with it)', async ({ page }) => {
  const row = page.getByTestId('message-row').first();
  const subject = (await row.getByTestId('message-subject').textContent()).trim();
  await row.getByTestId('select-message').check();
  await page.getByTestId('flag').click();
  await expect(page.getByTestId('notice')).toHaveText('Flagged.');
  // Acted on from the list, the list stays (its page only after an action on its page).
  await expect(page.getByTestId('folder-view')).toBeVisible();
  const flagged = page.getByTestId('message-row').filter({ hasText: subject }).first();
  await flagged.getByTestId('select-message').check();
  await page.locator('form.bulk').getByTestId('move-to').selectOption({ value: 'Archive' });
  await page.locator('form.bulk').getByTestId('move-submit').click();
  await expect(page.getByTestId('notice')).toHaveText('Moved to Archive.');
  await page.locator('[data-testid="folder"][data-folder="Archive"] a').click();
  const moved = page.getByTestId('message-row').filter({ hasText: subject }).first();
  await expect(moved).toHaveAttribute('data-flagged', 'true');
});
