import { expect, Page } from '@playwright/test';

/** Who can sign in locally (app-config.local.yaml): the guest, and the reviewer who approves. */
export type LocalUser = 'guest' | 'reviewer';

/** Signs in as the guest, as a first-time visitor does on the sign-in page. */
export async function signIn(page: Page) {
  await signInAs(page, 'guest');
}

/** Signs in as one of the local users, from its card on the sign-in page. */
export async function signInAs(page: Page, user: LocalUser) {
  await page.goto('/');
  if (user === 'guest') {
    await page.getByRole('button', { name: 'Enter' }).click();
  } else {
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
  }
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
