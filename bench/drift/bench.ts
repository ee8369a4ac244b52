/**
 * Drift benchmark: the TypeScript `compareSamples` against numpy on the same 10 million + 10 million
 * samples, in one run. See README.md beside this file.
 *
 * Run: bench/drift/run.sh [--size N] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  SampleComparison,
  compareSamples,
} from '../../plugins/fmlops-common/src/drift';
import { bellSample } from './prng';

const PYTHON = '/usr/bin/python3';
const RELATIVE_TOLERANCE = 1e-9;

interface NumpyReport {
  numpy: string;
  blas: string;
  fastMs: number;
  explicitEdgesMs: number;
  result: {
    edges: number[];
    referenceCounts: number[];
    currentCounts: number[];
    psi: number;
    js_distance_ln: number;
    js_divergence_base2: number;
    js_distance_base2: number;
  };
}

function parseArgs(argv: string[]): { size: number; runs: number } {
  const options = { size: 10_000_000, runs: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, raw] = [argv[i], argv[i + 1]];
    const value = Number(raw);
    if (
      (flag !== '--size' && flag !== '--runs') ||
      !Number.isInteger(value) ||
      value < 1
    ) {
      throw new Error(
        `Usage: run.sh [--size N] [--runs N]; got ${flag} ${raw}`,
      );
    }
    options[flag === '--size' ? 'size' : 'runs'] = value;
  }
  return options;
}

function bestOf(runs: number, fn: () => SampleComparison) {
  let best = Infinity;
  let result = fn(); // warm-up: lets V8 optimise the hot loops before timing
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, result };
}

/** numpy's process without the OpenBLAS overrides this machine sets (they slow a current numpy). */
function runNumpy(
  referencePath: string,
  currentPath: string,
  runs: number,
): NumpyReport {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const child = spawnSync(
    PYTHON,
    [
      join(__dirname, 'numpy_bench.py'),
      referencePath,
      currentPath,
      String(runs),
    ],
    { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.status !== 0) {
    throw new Error(
      `numpy side failed (${child.status}): ${child.stderr || child.error}`,
    );
  }
  return JSON.parse(child.stdout) as NumpyReport;
}

function relativeDifference(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

function main() {
  const { size, runs } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  // A shifted, wider current window; one value in 100,003 is NaN or ±Infinity on each side.
  const reference = bellSample(20260101, size, 0, 1, 100_003);
  const current = bellSample(20260102, size, 0.05, 1.08, 100_003);
  const directory = mkdtempSync(join(tmpdir(), 'fmlops-drift-bench-'));
  try {
    const referencePath = join(directory, 'reference.f64');
    const currentPath = join(directory, 'current.f64');
    writeFileSync(referencePath, new Uint8Array(reference.buffer));
    writeFileSync(currentPath, new Uint8Array(current.buffer));
    console.log(
      `samples: ${size.toLocaleString('en')} reference + ${size.toLocaleString(
        'en',
      )} current ` +
        `(Float64, seeded mulberry32), generated in ${(
          (performance.now() - started) /
          1000
        ).toFixed(1)} s`,
    );

    const node = bestOf(runs, () => compareSamples(reference, current));
    const numpy = runNumpy(referencePath, currentPath, runs);

    const expected = numpy.result;
    const checks: Array<[string, number, number]> = [
      ['PSI', node.result.psi, expected.psi],
      [
        'JS distance (ln)',
        node.result.jsDistanceNatural,
        expected.js_distance_ln,
      ],
      [
        'JS divergence (base 2)',
        node.result.js.divergence,
        expected.js_divergence_base2,
      ],
      [
        'JS distance (base 2)',
        node.result.js.distance,
        expected.js_distance_base2,
      ],
    ];
    const sameBins =
      JSON.stringify(node.result.binEdges) === JSON.stringify(expected.edges) &&
      JSON.stringify(node.result.referenceCounts) ===
        JSON.stringify(expected.referenceCounts) &&
      JSON.stringify(node.result.currentCounts) ===
        JSON.stringify(expected.currentCounts);

    console.log(
      `bins: ${
        node.result.referenceCounts.length
      } (Sturges), edges and counts identical to numpy: ${
        sameBins ? 'yes' : 'NO'
      }`,
    );
    for (const [name, ours, theirs] of checks) {
      console.log(
        `${name.padEnd(24)} node ${ours
          .toPrecision(17)
          .padEnd(20)} numpy ${theirs
          .toPrecision(17)
          .padEnd(20)} rel. diff ${relativeDifference(
          ours,
          theirs,
        ).toExponential(1)}`,
      );
    }
    console.log(`status: ${node.result.status}`);
    console.log(
      `node ${
        process.version
      }: compareSamples best of ${runs}: ${node.ms.toFixed(0)} ms`,
    );
    console.log(
      `numpy ${numpy.numpy} (${numpy.blas}), OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset:`,
    );
    console.log(
      `  equal-width fast path, best of ${runs}: ${numpy.fastMs.toFixed(0)} ms`,
    );
    console.log(
      `  explicit edges (Evidently's np.histogram(x, edges)), best of ${runs}: ${numpy.explicitEdgesMs.toFixed(
        0,
      )} ms`,
    );
    console.log(
      `ratio numpy fast path / node: ${(numpy.fastMs / node.ms).toFixed(2)}x ` +
        `(above 1 means node is faster); explicit edges / node: ${(
          numpy.explicitEdgesMs / node.ms
        ).toFixed(2)}x`,
    );

    const agrees =
      sameBins &&
      checks.every(
        ([, ours, theirs]) =>
          relativeDifference(ours, theirs) <= RELATIVE_TOLERANCE,
      );
    if (!agrees) {
      console.error(
        `FAIL: node and numpy disagree beyond ${RELATIVE_TOLERANCE} relative`,
      );
      process.exitCode = 1;
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main();
