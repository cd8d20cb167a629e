/**
 * The GPU blocks of the speculative suite: valid outputs and exact replay on mixed batches (bad rows included),
 * the statistics of speculative-stats.ts over ≥ 10^6 draws per tested position, and the watchdog budget at serving
 * shapes (64 rows × 4 draft tokens × 151,936 included).
 */
import { expect, it } from 'vitest';
import type { GpuRunner } from '../../harness/runner.ts';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { record } from '../../src/report/record.ts';
import { describeSeed, suiteSeed } from '../../src/stats/experiment/index.ts';
import { alphaSplitNote, CHI_MAX_INPUT_BYTES } from './chi-square-plan.ts';
import { replicateRows } from './device-rows.ts';
import { expectCheck } from './expect-check.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { launchedMs } from './kernel-call.ts';
import { budgetLaunch, overBudget, type BudgetTiming } from './budget-launch.ts';
import { bindOptions, launchBudgetMs } from './manifest.ts';
import { speculativeGuarantees, speculativeLayout, speculativeReplay, type SpeculativeLaunch } from './speculative-checks.ts';
import { draftTables, drawDraftTokens, mixedBatch, pairInputs, speculativePair, withBadRow, BAD_ROW_KINDS, PAIR_KINDS, type SpeculativePair } from './speculative-inputs.ts';
import { bindSpeculative, readSpeculative, runSpeculative, speculativeCall, speculativeCallOn, speculativeReference } from './speculative-run.ts';
import { CaseCounts, evaluateSpeculative, rowsFor, type SpeculativeStatCase, type SpeculativeStatReport } from './speculative-stats.ts';

const rerun = 'npx vitest run suites/speculative';

/** Mixed batches: every pair kind, rows of each bad kind, a few shapes; offsets incl. one that wraps 2^64. */
const REPLAY_SHAPES: readonly { readonly draft: number; readonly vocab: number; readonly batch: number }[] = [
  { draft: 1, vocab: 128, batch: 64 },
  { draft: 4, vocab: 1000, batch: 64 },
  { draft: 7, vocab: 4099, batch: 16 },
  { draft: 4, vocab: 151936, batch: 8 },
];
const REPLAY_OFFSETS = [0n, 7n, (1n << 64n) - 3n] as const;

function replayInputs(draft: number, vocab: number, batch: number, seed: bigint) {
  let x = mixedBatch(PAIR_KINDS.map((k) => speculativePair(k, draft, vocab, `replay-${k}`)), batch, seed);
  BAD_ROW_KINDS.forEach((kind, i) => (x = withBadRow(x, (3 * i + 1) % batch, kind)));
  return x;
}

/** Structural checks and exact replay of every row of mixed batches (valid rows of every pair kind, bad rows). */
export function replayBlock(family: string, entries: () => ManifestEntry[]): void {
  describeGpu(`${family}: valid outputs, layout, invalid rows and exact replay`, () => {
    it.each(REPLAY_SHAPES.map((s) => [s.batch, s.draft, s.vocab] as const))('batch %i × draft %i × vocab %i, every pair kind and bad row, three offsets', async (batch, draft, vocab) => {
      const runner = await gpuRunner();
      for (const e of entries()) {
        const seed = suiteSeed(`${family}/replay/${e.name}/${draft}x${vocab}`);
        const x = replayInputs(draft, vocab, batch, seed);
        for (const offset of REPLAY_OFFSETS) {
          const launch = await runSpeculative(runner, e, speculativeCall(e, x, seed, offset), bindOptions());
          const ctx = { kernel: e.name, case: `${batch}×${draft}×${vocab} offset ${offset}`, reproduce: { seed, offset, command: rerun } };
          for (const c of speculativeGuarantees(x, launch)) expectCheck(c, ctx);
          const r = speculativeReplay(launch, speculativeReference(e, x, seed, offset));
          record.replay({ kernel: e.name, rows: batch, exact: batch - r.detail.findings.length, nearBoundary: 0, mismatches: r.detail.findings.length });
          expectCheck(r, ctx);
        }
      }
    });
  });
}

/** Rows per launch that fit the chi-square input budget (draft rows, target rows and draft tokens of each row). */
function rowsPerLaunch(pair: SpeculativePair, rows: number): number {
  const rowBytes = ((2 * pair.draft + 1) * pair.vocab + pair.draft) * 4;
  return Math.min(rows, Math.max(1, Math.floor(CHI_MAX_INPUT_BYTES / rowBytes)));
}

/**
 * Launches of one case until the planned rows are drawn: the pair replicated on the device once, fresh draft
 * tokens written before every launch, offset = launch · (draft + 1) (each launch consumes draft + 1 per row).
 */
async function countCase(runner: GpuRunner, entry: ManifestEntry, c: SpeculativeStatCase, seed: bigint, draftSeed: bigint): Promise<CaseCounts> {
  const { pair } = c;
  const total = rowsFor(c);
  const perLaunch = rowsPerLaunch(pair, total);
  const launches = Math.ceil(total / perLaunch);
  const counts = new CaseCounts(c);
  const tables = draftTables(pair);
  const draftProbs = await replicateRows(runner, { data: pair.draftRows, batch: 1, vocab: pair.draft * pair.vocab }, perLaunch);
  const targetProbs = await replicateRows(runner, { data: pair.targetRows, batch: 1, vocab: (pair.draft + 1) * pair.vocab }, perLaunch);
  const draftTokens = await runner.upload(drawDraftTokens(pair, tables, perLaunch, draftSeed, 0));
  try {
    const shape = { batch: perLaunch, vocab: pair.vocab, draft: pair.draft };
    const bound = await bindSpeculative(runner, entry, speculativeCallOn(entry, { draftProbs: draftProbs.handle, draftTokens, targetProbs: targetProbs.handle }, shape, seed, 0n), bindOptions());
    try {
      for (let l = 0; l < launches; l++) {
        if (l > 0) await runner.write(draftTokens, drawDraftTokens(pair, tables, perLaunch, draftSeed, l * perLaunch));
        const offset = BigInt(l * (pair.draft + 1));
        const out = await readSpeculative(bound, launchedMs(entry.name, await bound.launch({ scalars: { offset } })));
        counts.add(out.tokens, out.emitted, out.valid);
      }
    } finally {
      await bound.free();
    }
  } finally {
    for (const h of [draftProbs.handle, targetProbs.handle, draftTokens]) await runner.free(h).catch(() => undefined); // lost with a killed worker
  }
  return counts;
}

/** Every case's chi-square and binomial results into the report and the log. */
function recordStatistics(entry: ManifestEntry, counted: readonly CaseCounts[], report: SpeculativeStatReport): void {
  const byName = new Map<string, { k: CaseCounts; j: number; counts: Float64Array }>(
    counted.flatMap((k) => k.c.positions.map((j, i) => [`${k.c.name} position ${j}`, { k, j, counts: k.tokens[i] as Float64Array }] as const)),
  );
  for (const c of report.chiSquare) {
    const o = byName.get(c.name);
    if (o !== undefined && c.minDetectableTv !== null) {
      const target = o.k.c.pair.targetRows.subarray(o.j * o.k.c.pair.vocab, (o.j + 1) * o.k.c.pair.vocab);
      const total = target.reduce((a, w) => a + Math.floor(w * 2 ** 32), 0);
      const expected = Array.from(target, (w) => (Math.floor(w * 2 ** 32) / total) * c.draws);
      record.chiSquare({ kernel: entry.name, case: `${c.name} seed=${c.seed}`, draws: c.draws, pValue: c.pValue, holmAdjusted: c.holmAdjusted, df: c.df, minDetectableTv: c.minDetectableTv, power: c.detectionPower, observed: o.counts, expected });
    }
    console.log(`[chi-square] ${entry.name} ${c.name} seed=${c.seed}: p=${c.pValue.toExponential(3)} Holm-adjusted=${c.holmAdjusted.toExponential(3)} df=${c.df} draws=${c.draws} min detectable TV=${c.minDetectableTv?.toExponential(2) ?? 'none'}`);
  }
  for (const b of report.binomial) {
    console.log(`[binomial] ${entry.name} ${b.name}: ${b.accepts}/${b.trials} accepted, α=${b.expected.toFixed(6)}, interval [${b.interval.lo}, ${b.interval.hi}], min detectable |Δα|=${b.minDetectableDelta.toExponential(2)}`);
  }
  record.section(`speculative statistics ${entry.name}`, {
    seeds: describeSeed(),
    split: alphaSplitNote(),
    chiSquare: report.chiSquare.map((c) => ({ name: c.name, seed: c.seed, pValue: c.pValue, holmAdjusted: c.holmAdjusted, df: c.df, draws: c.draws, minDetectableTv: c.minDetectableTv, reason: c.reason })),
    binomial: report.binomial.map((b) => ({ name: b.name, trials: b.trials, accepts: b.accepts, expected: b.expected, lo: b.interval.lo, hi: b.interval.hi, minDetectableDelta: b.minDetectableDelta, passed: b.passed })),
  });
}

/** Both claims of speculative-stats.ts for every entry, over the cases of the spec. */
export function statisticsBlock(family: string, entries: () => ManifestEntry[], cases: () => readonly SpeculativeStatCase[]): void {
  describeGpu(`${family}: emitted tokens distributed as the target and acceptance rate Σ min(p_d, p_t)`, () => {
    it('≥ 10^6 draws per tested position; chi-square (Holm) and binomial (Bonferroni) at half the file alpha each', async () => {
      console.log(`[speculative] ${describeSeed()}; ${alphaSplitNote()}`);
      const runner = await gpuRunner();
      for (const e of entries()) {
        const counted: CaseCounts[] = [];
        const seeds = new Map<string, bigint>();
        for (const c of cases()) {
          const seed = suiteSeed(`${family}/statistics/${e.name}/${c.name}`);
          seeds.set(c.name, seed);
          counted.push(await countCase(runner, e, c, seed, suiteSeed(`${family}/statistics/${e.name}/${c.name}/drafts`)));
        }
        const report = evaluateSpeculative(counted, seeds);
        recordStatistics(e, counted, report);
        expect(report.failures, `${e.name}: emitted tokens not distributed as the target / acceptance rate off; rerun with the printed SAMPLING_SEED`).toEqual([]);
      }
    });
  });
}

/** Serving shapes: batch × draft × vocab. */
const BUDGET_SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 4, 151936],
  [64, 4, 151936],
  [256, 4, 32000],
  [64, 8, 128256],
];
/** Target rows past 2^31 elements (3000 × 5 × 151,936 ≈ 2.28·10^9): 32-bit row offsets would wrap. */
const BEYOND_INT32_SHAPE = [3000, 4, 151936] as const;
/** Device memory left free besides the call's buffers (the runtime's own, the worker's). */
const MEMORY_HEADROOM_BYTES = 2 * 1024 ** 3;

/** Rows of a budget launch checked against the reference (every row is checked for layout). */
const BUDGET_REPLAY_ROWS = 8;

/** The first `rows` rows of a launch. */
function headOf(launch: SpeculativeLaunch, draft: number, rows: number): SpeculativeLaunch {
  return { tokens: launch.tokens.slice(0, rows * (draft + 1)), accepted: launch.accepted.slice(0, rows), emitted: launch.emitted.slice(0, rows), valid: launch.valid.slice(0, rows), ms: launch.ms };
}

/**
 * Every launch under its budget. A close pair replicated on the device (a serving batch's worth of rows never
 * crosses the worker's pipe); every row's layout is checked, the first rows are replayed and fully checked.
 */
export function budgetBlock(family: string, entries: () => ManifestEntry[]): void {
  describeGpu(`${family}: watchdog budget`, () => {
    it.for<readonly [number, number, number]>([...BUDGET_SHAPES, BEYOND_INT32_SHAPE])('batch %i × draft %i × vocab %i: under the budget, every row laid out right, the first rows replayed', async ([batch, draft, vocab], ctx) => {
      const runner = await gpuRunner();
      const needed = batch * (2 * draft + 1) * vocab * 4 + MEMORY_HEADROOM_BYTES;
      const mem = await runner.memInfo();
      if (mem.freeBytes < needed) ctx.skip(`not enough device memory for ${batch} × ${draft} × ${vocab}: needs ${(needed / 1024 ** 3).toFixed(1)} GiB free, ${(mem.freeBytes / 1024 ** 3).toFixed(1)} GiB free`);
      const pair = speculativePair('close', draft, vocab, `budget-${draft}x${vocab}`);
      const draftProbs = await replicateRows(runner, { data: pair.draftRows, batch: 1, vocab: draft * vocab }, batch);
      const targetProbs = await replicateRows(runner, { data: pair.targetRows, batch: 1, vocab: (draft + 1) * vocab }, batch);
      try {
        for (const e of entries()) {
          const seed = suiteSeed(`${family}/budget/${e.name}/${batch}x${draft}x${vocab}`);
          const tokens = drawDraftTokens(pair, draftTables(pair), batch, seed);
          const call = speculativeCallOn(e, { draftProbs: draftProbs.handle, draftTokens: tokens, targetProbs: targetProbs.handle }, { batch, vocab, draft }, seed, 0n);
          const budgetMs = launchBudgetMs(e, { batch, vocab, draft });
          const bound = await bindSpeculative(runner, e, call, bindOptions());
          let launch: SpeculativeLaunch;
          let timing: BudgetTiming;
          try {
            timing = await budgetLaunch(bound, budgetMs);
            launch = await readSpeculative(bound, timing.ms);
          } finally {
            await bound.free();
          }
          const bytes = ((2 * draft + 1) * vocab + draft) * 4 * batch + (draft + 4) * 4 * batch;
          record.timing({ kernel: e.name, batch, vocab, ms: timing.ms, budgetMs, bytes });
          expect(timing.ms, overBudget(`${e.name} draft ${draft}`, batch, vocab, budgetMs, timing)).toBeLessThan(budgetMs);
          const ctx = { kernel: e.name, case: `${batch}×${draft}×${vocab}`, reproduce: { seed, offset: 0n, command: rerun } };
          const rows = Math.min(batch, BUDGET_REPLAY_ROWS);
          const head = pairInputs(pair, tokens.slice(0, rows * draft));
          // the layout check reads only the shape: every row of the launch
          expectCheck(speculativeLayout({ ...head, batch }, launch), ctx);
          for (const c of speculativeGuarantees(head, headOf(launch, draft, rows))) expectCheck(c, ctx);
          expectCheck(speculativeReplay(headOf(launch, draft, rows), speculativeReference(e, head, seed, 0n)), ctx);
        }
      } finally {
        for (const h of [draftProbs.handle, targetProbs.handle]) await runner.free(h).catch(() => undefined);
      }
    });
  });
}
