import { expect, Page, test } from '@playwright/test';
import { openMlops, signIn } from './portal';
import fs from 'node:fs';

/**
 * The model page tells one story: the portfolio and the page header judge health the same way,
 * the gate card knows a challenger was rolled back, a drifting feature shows its distributions,
 * and the layout reads at a 13" laptop's 1280 px as at 1920 px. The 1280 px screenshot of the
 * MLOps tab is the README's.
 */

/** Table header cells taller than two lines of their own text, as "text (n lines)". */
async function tallHeaderCells(page: Page) {
  return page.locator('thead th').evaluateAll(cells =>
    cells
      .filter(cell => (cell as HTMLElement).offsetParent !== null)
      .map(cell => {
        const style = getComputedStyle(cell);
        const line =
          parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
        const content =
          cell.getBoundingClientRect().height -
          parseFloat(style.paddingTop) -
          parseFloat(style.paddingBottom) -
          parseFloat(style.borderTopWidth) -
          parseFloat(style.borderBottomWidth);
        return { text: cell.textContent ?? '', lines: content / line };
      })
      .filter(cell => cell.lines > 2.05)
      .map(cell => `${cell.text} (${cell.lines.toFixed(1)} lines)`),
  );
}

test('the portfolio and the page header give the failing-expectation model its reasons', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/fmlops');
  const row = page
    .getByTestId('fmlops-portfolio-row')
    .filter({ hasText: 'market_abuse_detector' });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row.getByText('warning', { exact: true })).toBeVisible();
  await expect(row.getByTestId('fmlops-health-reason')).toContainText(
    'silver: valid_price 82% < 95%',
  );

  await openMlops(page, 'market-abuse-detector');
  const header = page.getByTestId('fmlops-health-header');
  await expect(header.getByText('warning', { exact: true })).toBeVisible();
  await expect(
    header.getByRole('listitem').filter({
      hasText: 'silver: valid_price 82% < 95%',
    }),
  ).toBeVisible();
});

test('the gate card warns that the guardian rolled the challenger back, and promoting it again asks why', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page);
  const warning = page.getByTestId('fmlops-challenger-rejected');
  // the guardian judges v5 on the traffic between two of its ticks
  await expect(async () => {
    await openMlops(page, 'wire-fraud-detector');
    await expect(warning).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 240_000 });
  await expect(warning).toContainText('Challenger v5 was rolled back');
  await expect(warning).toContainText('health-check');

  await warning
    .getByRole('link', { name: 'See it in the deployment history' })
    .click();
  await expect(page.getByTestId('fmlops-history-steps').first()).toBeVisible();

  await page.getByTestId('fmlops-promote-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('fmlops-promote-warning')).toContainText(
    'v5 was taken out of serving',
  );
  await expect(
    dialog.getByRole('button', { name: 'Start promotion' }),
  ).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('a drifting feature opens to its reference and current distribution', async ({
  page,
}) => {
  await signIn(page);
  await openMlops(page, 'trade-anomaly-detector');
  await expect(page.getByTestId('fmlops-drift-trend-chart')).toBeVisible();
  const row = page
    .locator('[data-testid="fmlops-drift-feature-row"][data-status="drift"]')
    .filter({ hasText: 'volume_zscore' });
  await row
    .getByRole('button', { name: 'Show the distribution of volume_zscore' })
    .click();
  const chart = page.getByRole('img', {
    name: 'Reference and current distribution of volume_zscore',
  });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('data-chart', 'histograms');
  // two overlaid areas, the reference and the current window
  await expect(chart.locator('.recharts-area')).toHaveCount(2);
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/drift-distribution.png',
  });
});

for (const width of [1280, 1920]) {
  test(`the MLOps tab and the portfolio read at ${width} px: no table header over two lines`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 1000 });
    await signIn(page);
    // a model whose challenger stays one: the other flows promote the canary model's
    await openMlops(page, 'wire-fraud-detector');
    await expect(page.getByTestId('fmlops-gate-row').first()).toBeVisible();
    await expect(
      page.getByTestId('fmlops-leaderboard-row').first(),
    ).toBeVisible();
    const header = page.getByTestId('fmlops-health-header');
    await expect(header).toBeVisible();
    // the page header fits the width: its reasons wrap onto lines, nothing is cut off
    expect(await header.evaluate(el => el.scrollWidth <= el.clientWidth)).toBe(
      true,
    );
    expect(await tallHeaderCells(page)).toEqual([]);
    await expect(
      page.getByText('MLflow experiment', { exact: true }),
    ).toBeVisible();
    const screenshot = await page.screenshot({
      path: `e2e-test-report/screenshots/mlops-${width}.png`,
      fullPage: true,
    });
    if (width === 1280) {
      // the README's picture of the MLOps tab, as a 13" laptop shows it
      fs.writeFileSync('docs/screenshots/mlops-tab.png', screenshot);
    }

    await page.goto('/fmlops');
    await expect(page.getByTestId('fmlops-portfolio-row').first()).toBeVisible({
      timeout: 60_000,
    });
    expect(await tallHeaderCells(page)).toEqual([]);
    await page.screenshot({
      path: `e2e-test-report/screenshots/portfolio-${width}.png`,
      fullPage: true,
    });
  });
}
