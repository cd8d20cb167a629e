/**
 * What a chain speculative sampling kernel must guarantee, as describe blocks named after it. CPU blocks (CI): the
 * manifest declares it with draft + 1 uniforms per row; the reference passes its own checks on every pair kind and
 * bad row; bad inputs are rejected on the host before anything reaches the device; the statistical plan has the
 * stated power, in particular against the planted bugs of the mutation corpus, which a CPU stand-in of the kernel
 * shows the checks catch. GPU blocks (speculative-gpu.ts): layout, invalid rows and exact replay; the output law
 * and the acceptance rate; the watchdog budget.
 */
import { describe, expect, it } from 'vitest';
import { resolveLaunch, uniformsPerRowAt, type KernelFamily, type ManifestEntry } from '../../src/manifest/index.ts';
import { chainSpeculativeSample } from '../../src/reference/speculative.ts';
import { detectionPower } from '../../src/stats/power.ts';
import { mergeLowExpected } from '../../src/stats/cell-merging.ts';
import { DEFAULT_DETECTION_POWER, DEFAULT_MIN_DRAWS } from '../../src/stats/experiment/index.ts';
import { rowUniformStreams } from '../../src/rng/index.ts';
import { expectCheck } from './expect-check.ts';
import { bindOptions, entriesOf } from './manifest.ts';
import { emissionLaw, PLANTED_BUGS, simulatePair, type PlantedBug } from './speculative-cpu-sampler.ts';
import { referenceAsLaunch, speculativeGuarantees, speculativeReplay } from './speculative-checks.ts';
import { budgetBlock, replayBlock, statisticsBlock } from './speculative-gpu.ts';
import { BAD_ROW_KINDS, draftTables, drawDraftTokens, mixedBatch, pairInputs, speculativePair, withBadRow, PAIR_KINDS } from './speculative-inputs.ts';
import { bindSpeculative, checkedSpeculativeCall, speculativeCall, type SpeculativeCall } from './speculative-run.ts';
import { CaseCounts, CHI_SQUARE_ALPHA, evaluateSpeculative, rowsFor, type SpeculativeStatCase } from './speculative-stats.ts';
import { trapRunner } from './test-runners.ts';

export interface SpeculativeFamily {
  readonly family: KernelFamily;
  /** The chi-square/binomial cases (speculative-stats.ts); each planted bug must be visible in one of them. */
  readonly statCases: () => readonly SpeculativeStatCase[];
}

/** Which case shows each planted bug, and at which position. */
const BUG_CASE: Readonly<Record<PlantedBug, (c: SpeculativeStatCase) => number | null>> = {
  // the residual is drawn at a rejected position: wherever the acceptance rate is low
  'residual-unnormalized': (c) => (c.pair.kind === 'far' ? 0 : null),
  // the bonus row is reached by every row when drafts equal the target
  'bonus-from-draft': (c) => (c.pair.kind === 'equal' ? c.pair.draft : null),
};

/** Draws of the CPU stand-in per case (a simulation of the method: the GPU runs 10^6 per position). */
const CPU_SIMULATION_DRAWS = 100_000;

function manifestBlock(spec: SpeculativeFamily, entries: () => ManifestEntry[]): void {
  describe(`${spec.family}: manifest`, () => {
    it('declares a chain speculative sampler with draft + 1 Philox uniforms per row and a launch for every serving shape', () => {
      for (const e of entries()) {
        expect(e.rng?.mode, `${e.name}.rng`).toBe('philox-replay');
        for (const draft of [1, 4, 8]) {
          expect(uniformsPerRowAt(e, { batch: 1, vocab: 32000, draft }), `${e.name} draft ${draft}`).toBe(draft + 1);
          for (const [batch, vocab] of [[1, 111], [64, 151936], [989, 128256]] as const) expect(resolveLaunch(e, { batch, vocab, draft }).grid).toBeGreaterThan(0);
        }
      }
    });
  });
}

function oracleBlock(spec: SpeculativeFamily, entries: () => ManifestEntry[]): void {
  describe(`${spec.family}: oracle consistency (the reference passes its own checks)`, () => {
    it.each([[1, 128], [4, 1000], [3, 4099]] as const)('draft %i × vocab %i: every pair kind and bad row', (draft, vocab) => {
      let x = mixedBatch(PAIR_KINDS.map((k) => speculativePair(k, draft, vocab, `oracle-${k}`)), 48, 0x5eedn);
      BAD_ROW_KINDS.forEach((kind, i) => (x = withBadRow(x, 2 * i + 1, kind)));
      for (const e of entries()) {
        const want = chainSpeculativeSample(x, rowUniformStreams(0x5eedn, 0n, x.batch, uniformsPerRowAt(e, { batch: x.batch, vocab, draft })));
        for (const c of speculativeGuarantees(x, referenceAsLaunch(want))) expectCheck(c, { kernel: e.name, case: `reference, draft ${draft} × vocab ${vocab}`, recordResult: false });
        expect(want.filter((w) => !w.valid).length, 'every bad row is invalid').toBe(BAD_ROW_KINDS.length);
      }
    });
  });
}

function validationBlock(spec: SpeculativeFamily, entries: () => ManifestEntry[]): void {
  describe(`${spec.family}: parameter validation`, () => {
    const pair = speculativePair('close', 2, 16, 'validation');
    const x = pairInputs(pair, drawDraftTokens(pair, draftTables(pair), 2, 1n));
    const call = (e: ManifestEntry): SpeculativeCall => speculativeCall(e, x, 1n, 0n);
    const names = (e: ManifestEntry) => e.speculative as NonNullable<ManifestEntry['speculative']>;
    const cases: [string, (e: ManifestEntry) => SpeculativeCall, RegExp][] = [
      ['draft rows one row short', (e) => ({ ...call(e), buffers: { ...call(e).buffers, [names(e).draftProbs]: x.draftProbs.subarray(16) } }), /must have 64 elements \(batch·draft·vocab\), got 48/],
      ['target rows without the bonus row', (e) => ({ ...call(e), buffers: { ...call(e).buffers, [names(e).targetProbs]: x.targetProbs.subarray(32) } }), /must have 96 elements \(batch·\(draft\+1\)·vocab\), got 64/],
      ['one draft token too few', (e) => ({ ...call(e), buffers: { ...call(e).buffers, [names(e).draftTokens]: x.draftTokens.subarray(1) } }), /must have 4 elements \(batch·draft\), got 3/],
      ['draft tokens as floats', (e) => ({ ...call(e), buffers: { ...call(e).buffers, [names(e).draftTokens]: Float32Array.from(x.draftTokens) } }), /must be a Int32Array, got Float32Array/],
      ['draft 0', (e) => ({ ...call(e), shape: { ...call(e).shape, draft: 0 } }), /draft must be an integer in \[1, /],
      ['draft above the declared range', (e) => ({ ...call(e), shape: { ...call(e).shape, draft: 100_000 } }), /draft must be an integer in \[1, \d+\]/],
      ['no draft length', (e) => ({ ...call(e), shape: { batch: 2, vocab: 16 } }), /draft must be an integer in \[1, \d+\] .*got undefined/],
      ['vocab 0', (e) => ({ ...call(e), shape: { ...call(e).shape, vocab: 0 } }), /vocab must be an integer in \[1/],
      ['a negative seed', (e) => speculativeCall(e, x, -1n, 0n), /seed.*\[0, 2\^64 - 1\]/],
      ['an offset ≥ 2^64', (e) => speculativeCall(e, x, 1n, 1n << 64n), /offset.*\[0, 2\^64 - 1\]/],
      ['unnormalized drafts (host check)', (e) => checkedSpeculativeCall(e, withBadRow(x, 1, 'unnormalized-draft'), 1n, 0n), /draftProbs\[1\]\[1\]: sums to 0\.7\d*, not 1/],
      ['NaN in a draft row (host check)', (e) => checkedSpeculativeCall(e, withBadRow(x, 0, 'nan-in-draft'), 1n, 0n), /draftProbs\[0\]\[1\]: entry 15 is NaN, outside \[0, 1\]/],
      ['a draft token ≥ vocab (host check)', (e) => checkedSpeculativeCall(e, withBadRow(x, 1, 'token-out-of-range'), 1n, 0n), /draftTokens\[1\]\[1\] = 16 is outside \[0, 15\]/],
      ['an unnormalized target row (host check)', (e) => checkedSpeculativeCall(e, withBadRow(x, 0, 'unnormalized-target'), 1n, 0n), /targetProbs\[0\]\[0\]: sums to 1\.01\d*, not 1/],
    ];
    it.each(cases)('rejects %s before launch (the runner is never reached)', async (_what, build, message) => {
      for (const e of entries()) {
        const runner = trapRunner();
        await expect((async () => bindSpeculative(runner, e, build(e), bindOptions()))()).rejects.toThrow(message);
        expect(runner.calls, e.name).toEqual([]);
      }
    });
  });
}

/** Power of the chi-square case at the planned draws against a planted bug's law (≥ 1 impossible token: exact). */
function powerAgainst(expected: Float64Array, actual: Float64Array, draws: number, alpha: number): number {
  let impossible = 0;
  expected.forEach((p, i) => (impossible += p === 0 ? (actual[i] as number) : 0));
  if (impossible > 0) return 1 - (1 - impossible) ** draws;
  const df = mergeLowExpected(Array.from(expected, (p) => p * draws), 5).length - 1;
  return detectionPower({ n: draws, df, alpha, deviation: { expected, actual } });
}

function powerBlock(spec: SpeculativeFamily): void {
  describe(`${spec.family}: statistical plan and power (CPU)`, () => {
    it(`every planted bug is detected with power ≥ ${DEFAULT_DETECTION_POWER} at the planned 10^6 draws and the worst Holm alpha`, () => {
      const cases = spec.statCases();
      const m = cases.reduce((n, c) => n + c.positions.length, 0);
      for (const bug of PLANTED_BUGS) {
        const shown = cases.flatMap((c) => {
          const j = BUG_CASE[bug](c);
          return j === null ? [] : [{ c, j }];
        });
        expect(shown.length, `${bug}: no case exercises it`).toBeGreaterThan(0);
        for (const { c, j } of shown) {
          expect(c.positions, `${bug}: ${c.name} must test position ${j}`).toContain(j);
          const power = powerAgainst(emissionLaw(c.pair, j, null), emissionLaw(c.pair, j, bug), DEFAULT_MIN_DRAWS, CHI_SQUARE_ALPHA / m);
          console.log(`[power] ${bug} in ${c.name} position ${j}: ${power.toFixed(6)} at alpha ${(CHI_SQUARE_ALPHA / m).toExponential(2)}`);
          expect(power, `${bug} in ${c.name}`).toBeGreaterThanOrEqual(DEFAULT_DETECTION_POWER);
        }
      }
      for (const c of cases) expect(rowsFor(c), `${c.name}: rows planned`).toBeGreaterThanOrEqual(DEFAULT_MIN_DRAWS);
    });
  });
}

/** The CPU stand-in over one case: counts for the statistics and the launch of its first rows for replay. */
function simulateCase(c: SpeculativeStatCase, bug: PlantedBug | null, draws: number): { counts: CaseCounts; seed: bigint } {
  const seed = 0xc0ffeen;
  const rows = Math.ceil((draws * rowsFor(c)) / DEFAULT_MIN_DRAWS);
  const tokens = drawDraftTokens(c.pair, draftTables(c.pair), rows, 0xd4af7n);
  const out = simulatePair(c.pair, tokens, seed, 0n, bug);
  const counts = new CaseCounts(c);
  counts.add(out.tokens, out.emitted, out.valid);
  return { counts, seed };
}

function plantedBugBlock(spec: SpeculativeFamily): void {
  describe(`${spec.family}: the checks catch the planted bugs (CPU stand-in of the kernel)`, () => {
    it('the correct CPU sampler is the reference, row for row, and passes the statistics', () => {
      for (const c of spec.statCases()) {
        const tokens = drawDraftTokens(c.pair, draftTables(c.pair), 300, 9n);
        const x = pairInputs(c.pair, tokens);
        expectCheck(speculativeReplay(simulatePair(c.pair, tokens, 3n, 5n), chainSpeculativeSample(x, rowUniformStreams(3n, 5n, 300, c.pair.draft + 1))), { kernel: 'cpu-sampler', case: c.name, recordResult: false });
      }
      const sims = spec.statCases().map((c) => simulateCase(c, null, CPU_SIMULATION_DRAWS));
      const report = evaluateSpeculative(sims.map((s) => s.counts), new Map(), CPU_SIMULATION_DRAWS);
      expect(report.failures).toEqual([]);
    });
    it.each(PLANTED_BUGS)('%s: exact replay and the output law both fail', (bug) => {
      const cases = spec.statCases().filter((c) => BUG_CASE[bug](c) !== null);
      for (const c of cases) {
        const tokens = drawDraftTokens(c.pair, draftTables(c.pair), 300, 9n);
        const replay = speculativeReplay(simulatePair(c.pair, tokens, 3n, 5n, bug), chainSpeculativeSample(pairInputs(c.pair, tokens), rowUniformStreams(3n, 5n, 300, c.pair.draft + 1)));
        expect(replay.ok, `${bug}: exact replay in ${c.name}`).toBe(false);
      }
      const report = evaluateSpeculative(cases.map((c) => simulateCase(c, bug, CPU_SIMULATION_DRAWS).counts), new Map(), CPU_SIMULATION_DRAWS);
      const position = (c: SpeculativeStatCase): string => `${c.name} position ${BUG_CASE[bug](c)}: emitted tokens not distributed as the target`;
      for (const c of cases) expect(report.failures.join('\n'), bug).toContain(position(c));
    });
  });
}

export function speculativeSuite(spec: SpeculativeFamily): void {
  const entries = (): ManifestEntry[] => entriesOf(spec.family).filter((e) => e.reference.op === 'chain-speculative');
  manifestBlock(spec, entries);
  oracleBlock(spec, entries);
  validationBlock(spec, entries);
  powerBlock(spec);
  plantedBugBlock(spec);
  // the output law first: under `scripts/mutants.ts --bail` it is the check that decides the planted bugs' kills
  statisticsBlock(spec.family, entries, spec.statCases);
  replayBlock(spec.family, entries);
  budgetBlock(spec.family, entries);
}
