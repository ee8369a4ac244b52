import { expect, Page, test } from '@playwright/test';

/**
 * A team scaffolds a pipeline from the portal and, minutes later, has a model page with data:
 * the template form filled in the browser, the project created (rendered, deployed to the local
 * workspace, which runs its jobs once, published to a local folder and registered), and the new
 * model's MLOps tab showing its serving split, its tournament and its drift.
 */

async function next(page: Page) {
  await page.getByRole('button', { name: 'Next' }).click();
}

test('fills the template form, creates the project and reaches the new model with data', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // a new name each run: the local publish folder outlives the portal's data
  const name = `e2e-${Date.now().toString(36)}`;

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
  await page.goto('/create/templates/default/anomaly-detection-pipeline');

  // Project
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  // the form's fields carry react-jsonschema-form's ids, root_<field>
  const owner = page.locator('#root_owner');
  await owner.click();
  await owner.fill('fraud-ml');
  await page
    .getByRole('option', { name: /fraud-ml/ })
    .first()
    .click();
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Unusual trades of the watched symbols, found without labels.');
  await next(page);

  // Databricks: dev is the local workspace by default; acc and prd need real hosts
  await page
    .getByRole('textbox', { name: 'acc workspace host' })
    .fill('https://adb-1111111111111111.1.azuredatabricks.net');
  await page
    .getByRole('textbox', { name: 'prd workspace host' })
    .fill('https://adb-2222222222222222.2.azuredatabricks.net');
  await page
    .getByRole('textbox', { name: 'Unity Catalog schema' })
    .fill(name.replace(/-/g, '_'));
  await next(page);

  // Data sources, tournament (no label source: the unsupervised path), drift, serving: defaults
  for (let i = 0; i < 4; i++) await next(page);

  // Delivery: a local folder, which deploys to the local workspace
  await page
    .getByRole('button', { name: /Publish to/ })
    .or(page.getByRole('combobox', { name: /Publish to/ }))
    .click();
  await page.getByRole('option', { name: 'A local folder (demos)' }).click();
  // the last page's button is Review
  await page.getByRole('button', { name: /^(Next|Review)$/ }).click();

  await page.getByRole('button', { name: 'Create' }).click();
  const created = Date.now();
  await expect(
    page.getByText('Deploy the bundle to the local workspace'),
  ).toBeVisible();
  // the task ends with its output links
  await expect(
    page.getByRole('button', { name: 'Model in the catalog' }),
  ).toBeVisible({
    timeout: 150_000,
  });

  // the catalog takes the new location in on its next processing round
  await expect(async () => {
    // the local publish deployed the dev target; acc and prd wait for CI (prd opens by default)
    await page.goto(`/catalog/default/resource/${name}/mlops?env=dev`);
    await expect(page.getByTestId('fmlops-split-bar').first()).toBeVisible({
      timeout: 10_000,
    });
  }).toPass({ timeout: 150_000, intervals: [2_000, 5_000] });

  await expect(
    page.getByText(
      `fmlops_dev.${name.replace(/-/g, '_')}.${name.replace(/-/g, '_')}`,
      {
        exact: true,
      },
    ),
  ).toBeVisible();
  // the tournament the deploy ran: one row per algorithm
  await expect(page.getByTestId('fmlops-leaderboard-row')).toHaveCount(4, {
    timeout: 30_000,
  });
  // the drift job's windows
  await expect(
    page.getByTestId('fmlops-drift-feature-row').first(),
  ).toBeVisible();
  expect(Date.now() - created).toBeLessThan(180_000);
  await page.screenshot({
    path: 'e2e-test-report/screenshots/scaffolded-model.png',
    fullPage: true,
  });
});
