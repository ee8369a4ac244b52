import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const RUNS = 7;

test('the MLOps tab is interactive within a second', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByRole('link', { name: 'Catalog', exact: true }).first()).toBeVisible();
  // warm-up: the first visit compiles and caches the lazy chunks
  await page.goto('/catalog/default/resource/card-fraud-detector/mlops');
  await expect(page.getByTestId('fmlops-promote-button')).toBeVisible({ timeout: 120_000 });

  const timings: number[] = [];
  const firstPaint: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto('/catalog/default/resource/card-fraud-detector');
    await expect(page.getByText('MLOps', { exact: true })).toBeVisible();
    const started = Date.now();
    await page.getByText('MLOps', { exact: true }).click();
    // interactive: the serving split drawn and the actions usable
    await expect(page.getByTestId('fmlops-split-bar').first()).toBeVisible();
    firstPaint.push(Date.now() - started);
    await expect(page.getByTestId('fmlops-action-rollback')).toBeEnabled();
    timings.push(Date.now() - started);
  }
  timings.sort((a, b) => a - b);
  firstPaint.sort((a, b) => a - b);
  const result = {
    runs: RUNS,
    splitVisibleMedianMs: firstPaint[Math.floor(RUNS / 2)],
    medianMs: timings[Math.floor(RUNS / 2)],
    maxMs: timings[RUNS - 1],
    allMs: timings,
  };
  fs.writeFileSync(path.join(__dirname, 'last-run.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
  expect(result.medianMs).toBeLessThanOrEqual(1000);
});
