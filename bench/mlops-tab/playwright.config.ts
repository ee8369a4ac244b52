import base from '../../playwright.config';
import { defineConfig } from '@playwright/test';

/** The MLOps tab's time to interactive, on the running local portal (see README.md). */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: ['*.bench.ts'],
  retries: 0,
  reporter: [['list']],
  globalSetup: require.resolve('../../scripts/e2e-wait-for-backend.ts'),
  webServer: (base.webServer as any[]).map(w => ({ ...w, cwd: require('path').resolve(__dirname, '../..') })),
});
