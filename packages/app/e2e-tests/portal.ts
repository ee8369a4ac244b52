import { expect, Page } from '@playwright/test';

/** Signs in as the guest, as a first-time visitor does on the sign-in page. */
export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
}

/** Opens a demo model's MLOps tab and waits for its serving split. */
export async function openMlops(page: Page, model: string) {
  await page.goto(`/catalog/default/resource/${model}/mlops`);
  await expect(page.getByTestId('fmlops-split-bar').first()).toBeVisible({
    timeout: 60_000,
  });
}
