import { expect, Page, test } from '@playwright/test';
import { openMlops, signIn, signInAs } from './portal';

/**
 * payments-fraud-scorer lives in three workspaces of the local set-up (dev, acc, prd). The guest
 * promotes dev's challenger into acc (no approval there), then acc's new champion into prd, whose
 * policy (payments-prd) makes the promotion wait for a second person: the reviewer, signed in at
 * another browser, approves it, and prd ends up serving the copied version.
 */

const MODEL = 'payments-fraud-scorer';
const REASON = 'e2e: acc ran the challenger clean, ship it';

async function fillReason(page: Page, reason: string) {
  await page
    .getByTestId('fmlops-reason-input')
    .locator('textarea, input')
    .first()
    .fill(reason);
}

/** The serving endpoint of the environment shown gives the version all traffic, as champion. */
const servesAsChampion = (page: Page, version: string) =>
  page
    .getByTestId('fmlops-split-bar')
    .first()
    .getByRole('listitem', {
      name: new RegExp(
        `^Version ${version} \\(.*champion.*\\): 100 % of traffic`,
      ),
    });

/** The environment tab's champion, e.g. "Champion v2". */
const champion = (page: Page, env: string) =>
  page.getByTestId(`fmlops-env-tab-${env}`);

test('promotes a model dev → acc → prd, a second person approving prd', async ({
  page,
  browser,
}) => {
  test.setTimeout(600_000);
  await signIn(page);
  await openMlops(page, MODEL);

  // dev → acc: dev's challenger (v2), into an environment whose policy needs no approval
  await page.getByTestId('fmlops-env-tab-dev').click();
  await expect(page).toHaveURL(/[?&]env=dev\b/);
  await expect(champion(page, 'acc')).toContainText('Champion v1');
  await page.getByTestId('fmlops-action-promote-to-env').click();
  let dialog = page.getByRole('dialog');
  await dialog.getByTestId('fmlops-promote-source-version').selectOption('2');
  await expect(dialog.getByTestId('fmlops-promote-approval')).toContainText(
    'needs no approval',
  );
  await dialog.getByRole('button', { name: 'Promote to acc' }).click();
  // the tab follows the promotion into acc, where the copy (acc's v2) is rolled out
  await expect(page).toHaveURL(/[?&]env=acc\b/);
  await expect(servesAsChampion(page, '2')).toBeVisible({ timeout: 300_000 });
  await expect(
    page
      .getByTestId('fmlops-last-operation')
      .getByTestId('fmlops-operation-lineage'),
  ).toContainText(
    /copied from fmlops_dev\.payments\.payments_fraud_scorer v2 \(dev\), run \S+/,
  );

  // the environment strip follows: acc's champion is the copy
  await expect(champion(page, 'acc')).toContainText('Champion v2', {
    timeout: 60_000,
  });

  // acc → prd: acc's champion, into prd, whose policy asks for an approval
  await page.getByTestId('fmlops-action-promote-to-env').click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('fmlops-promote-source-version')).toHaveValue(
    '2',
  );
  await expect(dialog.getByTestId('fmlops-promote-approval')).toContainText(
    'requires approval',
  );
  await dialog.getByRole('button', { name: 'Promote to prd' }).click();
  await expect(page).toHaveURL(/[?&]env=prd\b/);
  const progress = page.getByTestId('fmlops-operation-progress');
  await expect(progress).toContainText(
    'Promotion from acc to prd awaiting approval',
  );
  // the requester may not approve their own promotion
  const ownApproval = page.getByTestId('fmlops-action-approve');
  await expect(ownApproval).toBeDisabled();
  await expect(ownApproval).toHaveAttribute(
    'aria-description',
    /You requested this promotion/,
  );

  // the reviewer, at another browser, approves it with a reason
  const reviewerContext = await browser.newContext();
  try {
    const reviewer = await reviewerContext.newPage();
    await signInAs(reviewer, 'reviewer');
    await reviewer.goto(`/catalog/default/resource/${MODEL}/mlops?env=prd`);
    await reviewer.getByTestId('fmlops-action-approve').click();
    const approveDialog = reviewer.getByRole('dialog');
    await fillReason(reviewer, REASON);
    await approveDialog.getByRole('button', { name: 'Approve' }).click();
    await expect(
      reviewer.getByTestId('fmlops-operation-approval').first(),
    ).toContainText(`Approved by reviewer`);
  } finally {
    await reviewerContext.close();
  }

  // the guest's page sees the copy rolled out in prd, and where it came from
  await expect(servesAsChampion(page, '2')).toBeVisible({ timeout: 300_000 });
  const done = page.getByTestId('fmlops-last-operation');
  await expect(done).toContainText('Promotion from acc to prd succeeded', {
    timeout: 120_000,
  });
  await expect(done.getByTestId('fmlops-operation-lineage')).toContainText(
    /copied from fmlops_acc\.payments\.payments_fraud_scorer v2 \(acc\), run \S+/,
  );
  await expect(done.getByTestId('fmlops-operation-approval')).toContainText(
    `Approved by reviewer`,
  );
  await expect(champion(page, 'prd')).toContainText('Champion v2', {
    timeout: 60_000,
  });
  // the history keeps who approved it and why, among the promotion's steps
  const promotion = page
    .getByTestId('fmlops-history-entry')
    .filter({ hasText: 'Promotion from another environment by guest' })
    .first();
  await promotion.getByRole('button', { name: /Show steps/ }).click();
  await expect(
    promotion
      .getByTestId('fmlops-history-step')
      .filter({ hasText: /Approved .*by reviewer/ }),
  ).toContainText(REASON);
  await page.screenshot({
    path: 'e2e-test-report/screenshots/promote-across-environments.png',
    fullPage: true,
  });
});
