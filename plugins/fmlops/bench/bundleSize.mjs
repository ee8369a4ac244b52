/* eslint-disable no-console -- a command-line report */
// The plugin's own code, gzipped: everything it ships, and what loads before any lazy part.
// Budget (issue 6): at most 150 kB gzip for the plugin's own code.
// Run: yarn backstage-cli package build && node bench/bundleSize.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_BYTES = 150 * 1024;
const dist = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../dist',
);
if (!fs.existsSync(dist)) {
  console.error('No dist/: run `yarn backstage-cli package build` first.');
  process.exit(2);
}

const gzip = files =>
  zlib.gzipSync(Buffer.concat(files.map(f => fs.readFileSync(f))), { level: 9 })
    .length;

function allJs(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return allJs(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

// the files an entry imports statically (relative imports only: dependencies are not ours)
function eagerClosure(entry) {
  const seen = new Set();
  const stack = [path.join(dist, entry)];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(
      /^(?:import|export)\s[\s\S]*?from\s+['"](\.[^'"]+)['"]/gm,
    )) {
      stack.push(path.resolve(path.dirname(file), match[1]));
    }
  }
  return [...seen];
}

const all = allJs(dist);
const total = gzip(all);
console.log(
  `own code: ${all.length} files, ${(total / 1024).toFixed(1)} kB gzip`,
);
for (const entry of ['index.esm.js', 'alpha.esm.js']) {
  const files = eagerClosure(entry);
  console.log(
    `${entry} before lazy loading: ${files.length} files, ${(
      gzip(files) / 1024
    ).toFixed(1)} kB gzip`,
  );
}
if (total > BUDGET_BYTES) {
  console.error(`over the ${BUDGET_BYTES / 1024} kB budget`);
  process.exit(1);
}
