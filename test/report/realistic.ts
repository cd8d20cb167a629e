/**
 * A results object and artifacts of the size a full GPU run of the 20 shipped kernels produces (checks recorded per
 * case and seed, launch timings per shape, chi-square histograms, ~1,200 test entries, every artifact), built through
 * the same validation and aggregation as a real run. The report's size budget is measured on it.
 */
import { buildItem } from '../../src/report/build-item.ts';
import { buildResults } from '../../src/report/collect.ts';
import type { JsonValue, RecordedItem, ReportResults, TestEntry } from '../../src/report/schema.ts';
import { COMMIT, ENDED, H200, STARTED } from './runs.ts';

type Family = 'sampling' | 'renorm' | 'mask' | 'transform' | 'prefix';

export const SHIPPED_KERNELS: readonly (readonly [string, Family])[] = [
  ['sampling_from_probs', 'sampling'], ['top_k_sampling_ties_kept', 'sampling'], ['top_p_sampling_ties_kept', 'sampling'],
  ['top_k_sampling_exact', 'sampling'], ['top_p_sampling_exact', 'sampling'], ['min_p_sampling', 'sampling'],
  ['top_k_top_p_sampling_topk_first_ties_kept', 'sampling'], ['top_k_top_p_sampling_topk_first_exact', 'sampling'],
  ['top_k_top_p_sampling_joint_ties_kept', 'sampling'], ['top_k_top_p_sampling_joint_exact', 'sampling'],
  ['sampling_from_logits', 'sampling'], ['top_k_renorm_probs_ties_kept', 'renorm'], ['top_p_renorm_probs_ties_kept', 'renorm'],
  ['top_k_renorm_probs_exact', 'renorm'], ['top_p_renorm_probs_exact', 'renorm'], ['top_k_mask_logits_ties_kept', 'mask'],
  ['top_k_mask_logits_exact', 'mask'], ['softmax', 'transform'], ['temperature_scale', 'transform'], ['inclusive_prefix_sum', 'prefix'],
];

const CHECKS: Readonly<Record<Family, readonly string[]>> = {
  sampling: ['token-in-range', 'never-samples-masked', 'satisfies-filter', 'same-tokens', 'stream-independence'],
  renorm: ['valid-distribution', 'agrees-with-reference', 'satisfies-filter', 'same-tokens'],
  mask: ['agrees-with-reference', 'never-unmasks', 'same-tokens'],
  transform: ['agrees-with-reference', 'valid-distribution', 'same-tokens'],
  prefix: ['agrees-with-reference', 'monotone-non-decreasing', 'same-tokens'],
};
const CONTRACT = ['exact replay', 'tie policy', 'valid-flags'];
const SHAPES = [[1, 32_000], [64, 32_000], [256, 32_000], [1, 151_936], [64, 151_936], [256, 151_936], [1, 256_000], [64, 256_000], [256, 256_000], [1024, 256_000]] as const;
const CASES = 40;
const CHI_CASES = 6;

function histogram(cells: number, draws: number, skew: number): { observed: number[]; expected: number[] } {
  const w = Array.from({ length: cells }, (_, i) => 1 / (i + 1) ** 1.1);
  const total = w.reduce((a, b) => a + b, 0);
  const expected = w.map((x) => (x / total) * draws);
  const observed = expected.map((e, i) => Math.max(0, Math.round(e + Math.sin(i * 12.9898 + skew) * Math.sqrt(e))));
  return { observed, expected };
}

function kernelItems(kernel: string, family: Family, failing: boolean): { test: string; items: RecordedItem[] }[] {
  const out: { test: string; items: RecordedItem[] }[] = [];
  const exact = kernel.endsWith('_exact');
  CHECKS[family].forEach((check, ci) => {
    const items = Array.from({ length: CASES }, (_, i) => {
      const bad = failing && ci === 0 && i % 7 === 0;
      const findings = bad ? Array.from({ length: 30 }, (_, r) => ({ row: r, index: 151_935, message: `${check}: token outside the filter`, values: { p: 1e-9, bound: 0.9 } })) : [];
      return buildItem.check({ kernel, check, case: `fixture-${i % 8} seed=${1000 + i}`, ok: !bad, checked: 64, findings });
    });
    out.push({ test: `${kernel} > ${check}`, items });
  });
  const contract = CONTRACT.map((check) => family === 'sampling' && (exact || check === 'valid-flags')
    ? buildItem.check({ kernel, check, case: 'replay 4096 rows', ok: true, checked: 4096, findings: [], scope: 'contract' })
    : buildItem.notApplicable({ kernel, check, declared: exact ? 'invalidRows = unspecified' : 'tiePolicy = ties-kept' }));
  out.push({ test: `${kernel} > contract`, items: contract });
  const timings = SHAPES.flatMap(([batch, vocab]) => [0, 1, 2].map((rep) =>
    buildItem.timing({ kernel, batch, vocab, ms: 0.004 * batch * (vocab / 32_000) * (1 + rep * 0.01) + 0.01, budgetMs: 500, bytes: batch * vocab * 4 })));
  out.push({ test: `${kernel} > watchdog budget`, items: timings });
  if (family === 'sampling') {
    const chi = Array.from({ length: CHI_CASES }, (_, i) => buildItem.chiSquare({
      kernel, case: `zipf vocab 151936 params ${i} seed=${77 + i}`, draws: 1_000_000, pValue: 0.05 + i * 0.13, holmAdjusted: Math.min(1, (0.05 + i * 0.13) * 6),
      df: 39, minDetectableTv: 0.004, power: 0.99, ...histogram(2000, 1_000_000, i),
    }));
    out.push({ test: `${kernel} > chi-square`, items: chi });
    out.push({ test: `${kernel} > exact replay`, items: Array.from({ length: 12 }, () => buildItem.replay({ kernel, rows: 4096, exact: 4090, nearBoundary: 6, mismatches: 0 })) });
  }
  out.push({ test: `${kernel} > reproduce`, items: [buildItem.reproduce({ kernel, command: `SAMPLING_SEED=123 npx vitest run suites -t "${kernel}"`, seed: 123n })] });
  return out;
}

/** A full GPU run; `failing` plants failures in two kernels. */
export function realisticResults(options: { failing?: boolean } = {}): ReportResults {
  const tests: TestEntry[] = [];
  const recorded: { source: string; items: RecordedItem[] }[] = [];
  SHIPPED_KERNELS.forEach(([kernel, family], ki) => {
    const file = `suites/${family}/${kernel}.test.ts`;
    for (const { test, items } of kernelItems(kernel, family, options.failing === true && ki < 2)) {
      const failed = items.some((i) => i.kind === 'check' && !i.data.ok);
      tests.push({ file, name: test, fullName: test, project: 'suites', state: failed ? 'failed' : 'passed', durationMs: 1200, errors: failed ? [{ message: 'expected 0 findings, got 30' }] : [], recorded: items.length });
      recorded.push({ source: `${file} > ${test}`, items });
    }
    for (let i = 0; i < 45; i++) tests.push({ file, name: `case ${i}`, fullName: `${kernel} > case ${i}`, project: 'suites', state: 'passed', durationMs: 30, errors: [], recorded: 0 });
    tests.push({ file, name: 'large shape', fullName: `${kernel} > 14200 × 151936 (8.6 GB)`, project: 'suites', state: 'skipped', skipReason: 'device memory below 9 GB', errors: [], recorded: 0 });
  });
  for (let i = 0; i < 200; i++) tests.push({ file: `src/unit-${i % 20}.test.ts`, name: `u${i}`, fullName: `unit ${i}`, project: 'unit', state: 'passed', durationMs: 2, errors: [], recorded: 0 });
  recorded.push({ source: 'suites/sampling/sampling_from_probs.test.ts', items: [buildItem.device({ ...H200, memoryBytes: 141 * 2 ** 30, multiprocessors: 132, warpSize: 32 })] });
  const families = ['topk', 'topp', 'minp', 'joint', 'sampling'];
  for (const f of families) {
    const cases = Array.from({ length: 60 }, (_, i) => ({ name: `${f} case ${i}`, seed: `${9000 + i}`, pValue: 0.3, holmAdjusted: 1, df: 39, reason: null }));
    recorded.push({ source: `suites/${f}/chi.test.ts`, items: [buildItem.section(`chi-square family ${f}`, { tests: 60, alpha: 0.001, cases })] });
  }
  return buildResults({
    createdAt: ENDED, startedAt: STARTED, run: { end: options.failing === true ? 'failed' : 'passed' }, commit: COMMIT,
    environment: { node: 'v20.20.0', platform: 'linux-x64', ci: true }, tests, recorded, unhandledErrors: [],
  });
}

const STAMP = { commit: COMMIT, createdAt: '2026-01-01T00:15:00.000Z' };

/** bench.json, compile-gates.json, mutants.json and sanitizer.json of that run, stamped fresh. */
export function realisticArtifacts(): Readonly<Record<'bench' | 'compile-gates' | 'mutation' | 'sanitizer', JsonValue>> {
  const rows = SHIPPED_KERNELS.flatMap(([kernel]) => SHAPES.map(([batch, vocab]) => {
    const median = 0.004 * batch * (vocab / 32_000) + 0.01;
    return { kernel, batch, vocab, timing: { n: 30, medianMs: median, p10Ms: median * 0.98, p90Ms: median * 1.03, minMs: median * 0.97, maxMs: median * 1.1 },
      metrics: { gbPerS: 2100, pctOfCopy: 55.2, xOneRead: 1.8 }, verdict: { target: '≤ 3× one read', met: true, gap: null } };
  }));
  const gates = ['sm_90', 'gfx90a', 'gfx1030'].map((target) => ({
    file: 'sampling.hip', target, status: 'ok', command: `compile ${target}`, durationMs: 14_000, diagnostics: [], missingFunctions: [],
    kernels: Object.fromEntries(SHIPPED_KERNELS.map(([k]) => [k, target === 'sm_90' ? { registers: 64, sharedBytes: 34_224, spillStoreBytes: 0, spillLoadBytes: 0, stackBytes: 0 } : { sgprs: 40, vgprs: 64, sharedBytes: 34_224, scratchBytesPerLane: 0, occupancyWavesPerSimd: 8 }])),
  }));
  const mutants = Array.from({ length: 15 }, (_, i) => ({ id: `mutant-${i}`, bugClass: 'boundary', description: `planted bug ${i}`, file: 'sampling.hip', killed: true, killedBy: ['topk › exact'], expectedKill: 'suite:topk:exact', matchedExpectation: true, ms: 20_000 }));
  const runs = Array.from({ length: 22 }, (_, i) => ({ target: i < 2 ? 'kernels' : `mutant:m${i}`, tool: i % 2 === 0 ? 'memcheck' : 'racecheck', families: ['topp'], errors: i < 2 ? 0 : 3, warnings: 0, perKernel: {}, unattributed: 0, complete: true, expect: i < 2 ? 'clean' : 'caught', ok: true }));
  // Through JSON, as the files are read: object literals with optional fields are not JsonValue to the compiler.
  const json = (v: object): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;
  return {
    bench: json({ ...STAMP, generatedAt: STAMP.createdAt, device: { name: 'NVIDIA H200', arch: 'sm_90' }, deviceLine: 'NVIDIA H200 (cuda, sm_90, 132 SMs/CUs)', copyBandwidth: { gbPerS: 3900 }, rows }),
    'compile-gates': json({ ...STAMP, generatedAt: STAMP.createdAt, manifestDir: 'kernels', ok: true, compilers: { nvcc: 'nvcc', hipcc: 'hipcc' }, results: gates, hostChecks: [{ name: 'symbols', status: 'ok' }] }),
    mutation: json({ ...STAMP, version: 1, baseline: { ok: true, passed: 800, failed: 0, failures: [] }, score: { total: 15, killed: 15, matched: 15, score: 1 }, mutants }),
    sanitizer: json({ ...STAMP, version: 1, ok: true, runs }),
  };
}
