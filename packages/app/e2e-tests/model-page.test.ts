import { test, expect } from '@playwright/test';

test('a guest signs in and opens a demo model with its MLOps tab', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  // signed in once the sidebar offers the catalog
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();

  await page.goto('/catalog/default/resource/card-fraud-detector');
  await expect(
    page.getByRole('heading', { name: 'Card Fraud Detector' }),
  ).toBeVisible();

  await page.getByText('MLOps', { exact: true }).click();
  await expect(page).toHaveURL(/\/mlops$/);
  await expect(
    page.getByText('fmlops_demo.cards.card_fraud_detector', { exact: true }),
  ).toBeVisible();
});
