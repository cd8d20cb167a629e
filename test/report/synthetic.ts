/**
 * A synthetic but realistic results object, built through the same validation and aggregation as a real run.
 * Used by the rendering and browser tests; `hostile` names exercise escaping.
 */
import { buildResults } from '../../src/report/collect.ts';
import { buildItem } from '../../src/report/build-item.ts';
import type { RecordedItem, ReportResults, TestEntry } from '../../src/report/schema.ts';

export const HOSTILE_KERNEL = '<script>window.__pwned=1</script>topk"&\'';

const FILE = 'suites/topk/topk.test.ts';

function entry(fullName: string, state: TestEntry['state'], extra: Partial<TestEntry> = {}): TestEntry {
  return { file: FILE, name: fullName.split(' > ').pop() ?? fullName, fullName, project: 'suites', state, errors: [], recorded: 0, ...extra };
}

/** Zipf-like expected counts over `cells` tokens, observed nudged deterministically. */
function histogram(cells: number, draws: number): { observed: number[]; expected: number[] } {
  const w = Array.from({ length: cells }, (_, i) => 1 / (i + 1));
  const total = w.reduce((a, b) => a + b, 0);
  const expected = w.map((x) => (x / total) * draws);
  const observed = expected.map((e, i) => Math.max(0, Math.round(e + Math.sin(i * 12.9898) * Math.sqrt(e))));
  return { observed, expected };
}

export function syntheticResults(options: { withGpu?: boolean } = {}): ReportResults {
  const withGpu = options.withGpu ?? true;
  const tests: TestEntry[] = [
    entry('topk_sample > matches reference', 'passed', { durationMs: 120.5 }),
    entry('topk_sample > ties kept', 'failed', { durationMs: 80, errors: [{ message: 'expected token 3 to be 4 <b>bold?</b>' }] }),
    entry(`${HOSTILE_KERNEL} > distribution`, 'passed', { durationMs: 900 }),
    entry('hip > gfx90a only', 'skipped', { skipReason: 'no GPU: HIP runtime not found' }),
  ];
  const ok = `${FILE} > topk_sample > matches reference`;
  const bad = `${FILE} > topk_sample > ties kept`;
  const hostile = `${FILE} > ${HOSTILE_KERNEL} > distribution`;
  const h = histogram(300, 100_000);
  const items: [string, RecordedItem[]][] = [
    [ok, [
      buildItem.check({ kernel: 'topk_sample', check: 'token in range', ok: true, checked: 4096, findings: [] }),
      buildItem.timing({ kernel: 'topk_sample', batch: 1, vocab: 32_000, ms: 0.21, budgetMs: 50 }),
      buildItem.timing({ kernel: 'topk_sample', batch: 64, vocab: 128_256, ms: 3.7, budgetMs: 50, bytes: 64 * 128_256 * 4 }),
      buildItem.timing({ kernel: 'topk_sample', batch: 256, vocab: 128_256, ms: 61, budgetMs: 50 }),
      buildItem.bandwidth({ kernel: 'topk_sample', shape: '64 × 128256', gbps: 1450.2, pctOfCopy: 47.5 }),
      buildItem.replay({ kernel: 'topk_sample', rows: 4096, exact: 4090, nearBoundary: 6, mismatches: 0 }),
      buildItem.reproduce({ kernel: 'topk_sample', command: 'npx vitest run suites/topk -t "matches reference"', seed: 2n ** 63n + 5n, fixture: 'fixtures/zipf-32k.f32' }),
    ]],
    [bad, [
      buildItem.check({
        kernel: 'topk_sample', check: 'ties-kept boundary', ok: false, checked: 512,
        findings: Array.from({ length: 25 }, (_, i) => ({ row: i, index: 3, message: `token 3 <tie> excluded`, values: { w: 0.25, kth: Number.NaN } })),
      }),
      buildItem.chiSquare({ kernel: 'topk_sample', case: 'uniform 8', draws: 8000, pValue: 1.2e-9, df: 7, minDetectableTv: 0.03, power: 0.95,
        observed: [1200, 900, 1000, 1000, 1100, 800, 1000, 1000], expected: Array<number>(8).fill(1000) }),
    ]],
    [hostile, [
      buildItem.chiSquare({ kernel: HOSTILE_KERNEL, case: 'zipf <300>', draws: 100_000, pValue: 0.42, holmAdjusted: 0.84, df: 299, minDetectableTv: 0.012, power: 0.9, ...h }),
      buildItem.mutant({ kernel: 'topk_sample', mutant: 'off-by-one prefix', killed: true, killedBy: 'ties-kept boundary' }),
      buildItem.section('mutation-score', { score: 0.9, killed: 9, total: 10 }),
    ]],
    [`${FILE} > device`, [
      withGpu
        ? buildItem.device({ available: true, name: 'NVIDIA H100 <80GB>', vendor: 'nvidia', arch: 'sm_90', runtime: 'CUDA 13.0', compiler: 'nvcc 13.0', memoryBytes: 80 * 2 ** 30 })
        : buildItem.device({ available: false, reason: 'no CUDA or HIP driver found <libcuda.so>' }),
    ]],
  ];
  return buildResults({
    createdAt: '2026-01-01T00:00:00.000Z',
    commit: '0123456789abcdef0123456789abcdef01234567',
    environment: { node: 'v20.20.0', platform: 'linux-x64', ci: false },
    tests,
    recorded: items.map(([source, list]) => ({ source, items: list })),
    unhandledErrors: [],
  });
}
