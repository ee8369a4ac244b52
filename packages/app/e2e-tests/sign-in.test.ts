import { expect, test } from '@playwright/test';
import { signInAs } from './portal';

test('the guest and the reviewer sign in locally as themselves', async ({
  browser,
}) => {
  for (const user of ['guest', 'reviewer'] as const) {
    // a context each: two people at two browsers
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, user);
    await page.goto('/settings');
    await expect(page.getByText(`user:default/${user}`)).toBeVisible();
    await context.close();
  }
});
