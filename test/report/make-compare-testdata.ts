/**
 * Writes the recorded runs compare mode is tested on (test/report/testdata/compare/): a base run, a head run with a
 * planted failure, a planted 20 % slowdown, a compile-resource change, a new kernel and a check now not applicable,
 * and a head run that differs from base by noise only. Each directory holds results.json, bench.json and
 * compile-gates.json, stamped as the scripts stamp them. Regenerate: npx tsx test/report/make-compare-testdata.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildItem } from '../../src/report/build-item.ts';
import { buildResults } from '../../src/report/collect.ts';
import type { RecordedItem, TestEntry } from '../../src/report/schema.ts';

export const TESTDATA = fileURLToPath(new URL('./testdata/compare/', import.meta.url));

const COMMITS = { base: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', head: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', noise: 'cccccccccccccccccccccccccccccccccccccccc' };
const STARTED = '2026-03-01T10:00:00.000Z';
const ENDED = '2026-03-01T10:20:00.000Z';
const ARTIFACT_AT = '2026-03-01T10:30:00.000Z';
const SHAPES = [[1, 32_000], [64, 151_936], [256, 256_000]] as const;
const H200 = { available: true, name: 'NVIDIA H200', vendor: 'NVIDIA', arch: 'sm_90', compiler: 'nvcc 13.0' } as const;

type Variant = keyof typeof COMMITS;

interface KernelPlan {
  readonly name: string;
  readonly failing?: string;
  readonly notApplicable?: string;
}

const plans: Readonly<Record<Variant, readonly KernelPlan[]>> = {
  base: [{ name: 'top_k_sampling_exact' }, { name: 'top_p_sampling_exact' }, { name: 'softmax' }],
  head: [
    { name: 'top_k_sampling_exact' },
    { name: 'top_p_sampling_exact', failing: 'satisfies-top-p', notApplicable: 'exact replay' },
    { name: 'softmax' },
    { name: 'min_p_sampling' },
  ],
  noise: [{ name: 'top_k_sampling_exact' }, { name: 'top_p_sampling_exact' }, { name: 'softmax' }],
};

function kernelItems(p: KernelPlan): RecordedItem[] {
  const checks = ['token-in-range', p.name.startsWith('top_p') ? 'satisfies-top-p' : 'satisfies-filter', 'same-tokens'];
  const items: RecordedItem[] = checks.flatMap((check) => [0, 1, 2].map((i) => {
    const bad = check === p.failing && i === 1;
    return buildItem.check({ kernel: p.name, check, case: `fixture-${i}`, ok: !bad, checked: 64, findings: bad ? [{ row: 3, index: 17, message: 'token outside the nucleus' }] : [] });
  }));
  items.push(p.notApplicable === undefined
    ? buildItem.check({ kernel: p.name, check: 'exact replay', ok: true, checked: 4096, findings: [], scope: 'contract' })
    : buildItem.notApplicable({ kernel: p.name, check: p.notApplicable, declared: 'rng.mode = seeded' }));
  for (const [batch, vocab] of SHAPES) items.push(buildItem.timing({ kernel: p.name, batch, vocab, ms: 0.01 * batch + 0.02, budgetMs: 500 }));
  return items;
}

/** Goodness-of-fit records live in their own test, as in the suites: their state is that test's. */
function chiItems(p: KernelPlan, seedShift: number): RecordedItem[] {
  const items: RecordedItem[] = [];
  if (p.name !== 'softmax') {
    const expected = Array.from({ length: 8 }, () => 125_000);
    items.push(buildItem.chiSquare({ kernel: p.name, case: `uniform 8 seed=${41 + seedShift}`, draws: 1_000_000, pValue: 0.31 + seedShift * 0.2, holmAdjusted: 0.93, df: 7, minDetectableTv: 0.0031, power: 0.99, observed: expected.map((e, i) => e + (i % 2 === 0 ? 150 : -150)), expected }));
  }
  return items;
}

function results(variant: Variant): object {
  const tests: TestEntry[] = [];
  const recorded: { source: string; items: RecordedItem[] }[] = [];
  for (const p of plans[variant]) {
    const file = `suites/${p.name}.test.ts`;
    const items = kernelItems(p);
    const failed = items.some((i) => i.kind === 'check' && !i.data.ok);
    tests.push({ file, name: 'checks', fullName: `${p.name} > checks`, project: 'suites', state: failed ? 'failed' : 'passed', durationMs: 900, errors: failed ? [{ message: `${p.failing} failed: token outside the nucleus` }] : [], recorded: items.length });
    recorded.push({ source: `${file} > ${p.name} > checks`, items });
    const chi = chiItems(p, variant === 'base' ? 0 : 1);
    tests.push({ file, name: 'chi-square', fullName: `${p.name} > chi-square`, project: 'suites', state: 'passed', durationMs: 4000, errors: [], recorded: chi.length });
    recorded.push({ source: `${file} > ${p.name} > chi-square`, items: chi });
  }
  recorded.push({ source: 'suites/top_k_sampling_exact.test.ts', items: [buildItem.device(H200)] });
  return buildResults({
    createdAt: ENDED, startedAt: STARTED, run: { end: tests.some((t) => t.state === 'failed') ? 'failed' : 'passed' }, commit: COMMITS[variant],
    environment: { node: 'v20.20.0', platform: 'linux-x64', ci: true }, tests, recorded, unhandledErrors: [],
  });
}

/** Base medians; head rows move by a small deterministic jitter (noise) except the planted slowdown. */
function bench(variant: Variant): object {
  const rows = plans[variant].flatMap((p, ki) => SHAPES.map(([batch, vocab], si) => {
    const m0 = (0.004 * batch * vocab) / 32_000 + 0.012;
    const jitter = variant === 'base' ? 1 : 1 + 0.015 * Math.sin(ki * 7 + si * 3 + (variant === 'noise' ? 1 : 0));
    const slowed = variant === 'head' && p.name === 'top_p_sampling_exact' && batch === 64 ? 1.2 : 1;
    const m = slowed === 1 ? m0 * jitter : m0 * slowed;
    return { kernel: p.name, batch, vocab, timing: { n: 30, medianMs: m, p10Ms: m * 0.97, p90Ms: m * 1.04, minMs: m * 0.95, maxMs: m * 1.1 }, metrics: { gbPerS: 2000, pctOfCopy: 50, xOneRead: 2 }, verdict: { target: '≤ 3× one read', met: true, gap: null } };
  }));
  return { commit: COMMITS[variant], createdAt: ARTIFACT_AT, generatedAt: ARTIFACT_AT, device: { name: 'NVIDIA H200', arch: 'sm_90' }, deviceLine: 'NVIDIA H200 (cuda, sm_90)', rows };
}

function gates(variant: Variant): object {
  const kernels = Object.fromEntries(plans[variant].map((p) => [p.name, { registers: variant === 'head' && p.name === 'top_p_sampling_exact' ? 48 : 40, sharedBytes: 4160, spillStoreBytes: 0, spillLoadBytes: 0 }]));
  return { commit: COMMITS[variant], createdAt: ARTIFACT_AT, generatedAt: ARTIFACT_AT, manifestDir: 'kernels', ok: true, results: [{ file: 'sampling.hip', target: 'sm_90', status: 'ok', diagnostics: [], missingFunctions: [], kernels }] };
}

export function writeCompareTestdata(root = TESTDATA): void {
  for (const variant of Object.keys(COMMITS) as Variant[]) {
    const dir = join(root, variant);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results(variant), null, 2)}\n`);
    writeFileSync(join(dir, 'bench.json'), `${JSON.stringify(bench(variant), null, 2)}\n`);
    writeFileSync(join(dir, 'compile-gates.json'), `${JSON.stringify(gates(variant), null, 2)}\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) writeCompareTestdata();
