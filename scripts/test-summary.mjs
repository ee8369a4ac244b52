// Adds up the reports of every test runner (jest JSON, Playwright JSON, pytest JUnit XML)
// and prints the total alone on the last line: "N passed, N failed[, N skipped]".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const total = { passed: 0, failed: 0, skipped: 0 };
const add = (runner, passed, failed, skipped) => {
  total.passed += passed;
  total.failed += failed;
  total.skipped += skipped;
  console.log(
    `${runner}: ${passed} passed, ${failed} failed, ${skipped} skipped`,
  );
};

for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
  const path = join(dir, file);
  // jest.json: the unit run; <step>.jest.json: a jest run of its own (the template end-to-end)
  if (file === 'jest.json' || file.endsWith('.jest.json')) {
    const r = JSON.parse(readFileSync(path, 'utf8'));
    // a suite that fails to load has no tests: count it as a failure
    const brokenSuites = r.testResults.filter(
      s => s.status === 'failed' && s.assertionResults.length === 0,
    ).length;
    add(
      file === 'jest.json' ? 'jest' : `jest (${file})`,
      r.numPassedTests,
      r.numFailedTests + brokenSuites,
      r.numPendingTests + r.numTodoTests,
    );
  } else if (file.startsWith('playwright') && file.endsWith('.json')) {
    const s = JSON.parse(readFileSync(path, 'utf8')).stats;
    add('playwright', s.expected + s.flaky, s.unexpected, s.skipped);
  } else if (file.endsWith('.xml')) {
    const xml = readFileSync(path, 'utf8');
    const suite = xml.match(/<testsuite\b[^>]*>/)?.[0] ?? '';
    const attr = name =>
      Number(suite.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
    const failed = attr('failures') + attr('errors');
    add(
      `pytest (${file})`,
      attr('tests') - failed - attr('skipped'),
      failed,
      attr('skipped'),
    );
  }
}
// a step that failed without a report of its own (type check, lint, a crashed runner) counts once
const failedSteps = join(dir, 'failed-steps.txt');
if (existsSync(failedSteps)) {
  const reports = readdirSync(dir).filter(f => f !== 'failed-steps.txt');
  for (const step of readFileSync(failedSteps, 'utf8').split('\n').filter(Boolean)) {
    if (!reports.some(f => f.startsWith(step))) add(step, 0, 1, 0);
  }
}
console.log(
  `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
);
