#!/usr/bin/env node
// Runs the TypeScript source directly with the Backstage CLI's transform (no build step).
require('@backstage/cli/config/nodeTransform.cjs');
require('../src/cli.ts');
