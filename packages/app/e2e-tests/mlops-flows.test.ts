import { expect, test } from '@playwright/test';
import { openMlops, signIn } from './portal';

/**
 * What a platform engineer does on the running portal with the local Databricks workspace:
 * read a drifting model's drift and compare two windows, promote a canary and watch the split
 * change, roll back with a reason and find it in the history.
 */

test('reads the drift of a drifting model and compares two windows', async ({
  page,
}) => {
  await signIn(page);
  await openMlops(page, 'trade-anomaly-detector');
  await expect(
    page
      .locator('[data-testid="fmlops-drift-feature-row"][data-status="drift"]')
      .first(),
  ).toBeVisible();

  const from = page.getByTestId('fmlops-drift-compare-from');
  const to = page.getByTestId('fmlops-drift-compare-to');
  await from.click();
  await page.getByRole('option').first().click();
  await to.click();
  await page.getByRole('option').last().click();
  await page.getByRole('button', { name: 'Compare' }).click();
  const table = page.getByTestId('fmlops-drift-compare-table');
  await expect(table).toBeVisible();
  await expect(
    table.getByTestId('fmlops-drift-compare-row').first(),
  ).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/drift.png',
    fullPage: true,
  });
});

test('promotes the canary, watches the split change, then rolls back with a reason', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page);
  await openMlops(page, 'ach-payment-anomaly');
  const bar = page.getByTestId('fmlops-split-bar').first();
  await expect(
    bar.getByRole('listitem', { name: /Version 4 .*10 % of traffic/ }),
  ).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/canary.png',
    fullPage: true,
  });

  await page.getByTestId('fmlops-promote-button').click();
  await page.getByRole('button', { name: 'Start promotion' }).click();
  await expect(page.getByTestId('fmlops-operation-progress')).toBeVisible();
  // canary steps with short bakes locally: the challenger ends up with all the traffic
  await expect(
    bar.getByRole('listitem', { name: /Version 4 .*100 % of traffic/ }),
  ).toBeVisible({ timeout: 240_000 });

  await page.getByTestId('fmlops-action-rollback').click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByRole('button', { name: 'Roll back' }),
  ).toBeDisabled();
  await page
    .getByTestId('fmlops-reason-input')
    .locator('textarea, input')
    .first()
    .fill('e2e: back to the known-good split');
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await expect(
    bar.getByRole('listitem', { name: /Version 3 .*90 % of traffic/ }),
  ).toBeVisible({ timeout: 120_000 });
  await expect(
    page
      .getByTestId('fmlops-history-entry')
      .filter({ hasText: 'e2e: back to the known-good split' })
      .first(),
  ).toBeVisible({ timeout: 60_000 });
  await page.screenshot({
    path: 'e2e-test-report/screenshots/history.png',
    fullPage: true,
  });
});
