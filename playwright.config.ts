import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Browser tests run the real portal (`yarn start`: frontend :3000, backend :7007 with the local
 * Databricks workspace) in the system's Chromium. Playwright never downloads a browser here:
 * set FMLOPS_CHROMIUM to another Chromium/Chrome binary if yours is not /usr/bin/chromium.
 */
const chromium = process.env.FMLOPS_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The portal keeps its state across restarts (app-config.local.yaml); the flows start from the
 * demo as loaded, so each run gets a data folder of its own.
 */
const dataDir =
  process.env.FMLOPS_E2E_DATA_DIR ??
  fs.mkdtempSync(path.join(os.tmpdir(), 'fmlops-e2e-'));

export default defineConfig({
  testDir: '.',
  testMatch: [
    'packages/*/e2e-tests/**/*.test.ts',
    'plugins/*/e2e-tests/**/*.test.ts',
  ],
  timeout: 120_000,
  // the frontend dev server answers before the backend has started every plugin
  globalSetup: './scripts/e2e-wait-for-backend.ts',
  expect: { timeout: 30_000 },
  // one portal, one browser: the machines this runs on have two cores
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  webServer: [
    {
      command: 'yarn start',
      env: { FMLOPS_DATA_DIR: dataDir },
      url: 'http://localhost:3000',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
  reporter: [
    ['list'],
    ['json', { outputFile: 'e2e-test-report/results.json' }],
    ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }],
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  outputDir: 'e2e-test-report/artifacts',
});
