/**
 * Chi-square agreement of one sampling family (docs/statistics.md): for every entry and scalar parameter case, one
 * seeded row replicated on the device (planDraws: rows per launch × launches ≥ 1e6, offset = launch index), the
 * valid in-range tokens counted, and the counts tested against the reference's filtered distribution as one
 * HypothesisFamily (Holm at FILE_FAMILY_ALPHA; see chi-square-plan.ts for the run-wide split). Besides the
 * family's scalar cases on a row of `chiSquareVocab`, every entry samples an LLM-shaped row (vocab 151,936, Zipf-like
 * tail; chi-square-tail.ts) in the same family, and a CPU block states each such case's power against a kernel that
 * never samples the last 0.5 % of the mass (it must reach 0.99). Seeds come from suiteSeed (SAMPLING_SEED /
 * SAMPLING_FRESH_SEED=1), so a printed failure is reproducible.
 */
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.ts';
import { elementTypeOf, rowInputOf, type ManifestEntry } from '../../src/manifest/index.ts';
import { applyTemperature, filteredDistribution } from '../../src/reference/index.ts';
import { DEFAULT_MIN_DRAWS, describeSeed, HypothesisFamily, planDraws, suiteSeed, type CaseResult } from '../../src/stats/experiment/index.ts';
import { record } from '../../src/report/record.ts';
import type { RowBatch } from '../../src/types.ts';
import { alphaSplitNote, CHI_MAX_INPUT_BYTES, FILE_FAMILY_ALPHA } from './chi-square-plan.ts';
import { LLM_MAX_INPUT_BYTES, LLM_VOCAB, llmShapedRow, TAIL_POWER, TAIL_SHARE, tailCaseParams, tailLossLine, tailLossPower } from './chi-square-tail.ts';
import { replicateRows } from './device-rows.ts';
import { filterSpecOf, paramsLabel, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { bindCall, launchedMs } from './kernel-call.ts';
import { bindOptions } from './manifest.ts';
import { distinctRows, inputKindOf, rowsFor, type InputKind } from './sampling-inputs.ts';
import { drawOffset, readDraws, samplingCallOn } from './sampling-run.ts';
import { chiSquareCasesOf, isVariant } from './variants.ts';

interface ChiSquareSpec {
  readonly family: string;
  readonly cases: (vocab: number, batch: number) => readonly FilterParams[];
  readonly chiSquareVocab: number;
}

interface Counted {
  readonly kernel: string;
  readonly label: string;
  readonly expectedProbs: Float64Array;
  readonly observed: Float64Array;
}

/**
 * Counts of valid, in-range tokens over the plan's launches (every in-range token for an entry without a valid
 * output); a launch that does not complete fails with where. `row` must be the rows the entry reads (rowsFor).
 */
async function countDraws(entry: ManifestEntry, row: RowBatch<Float32Array>, params: FilterParams, seed: bigint, maxInputBytes: number): Promise<{ counts: Float64Array; draws: number }> {
  const runner = await gpuRunner();
  const vocab = row.vocab;
  const plan = planDraws({ vocab, draws: DEFAULT_MIN_DRAWS, maxUploadBytes: maxInputBytes });
  const input = await replicateRows(runner, row, plan.rowsPerLaunch, elementTypeOf(rowInputOf(entry)) ?? 'f32');
  const counts = new Float64Array(vocab);
  try {
    const bound = await bindCall(runner, entry, samplingCallOn(entry, input.handle, { batch: plan.rowsPerLaunch, vocab }, params, seed, 0n), bindOptions());
    try {
      for (let l = 0; l < plan.launches; l++) {
        const offset = drawOffset(entry, plan, l); // uniforms-in: the binding redraws the uniforms for it
        try {
          launchedMs(entry.name, await bound.launch({ scalars: { offset } }));
        } catch (e) {
          throw new Error(`chi-square ${entry.name} ${paramsLabel(params)}: launch ${l} of ${plan.launches} (seed ${seed}, offset ${offset}, ${plan.rowsPerLaunch} rows × vocab ${vocab}) did not complete: ${errorMessage(e)}`, { cause: e });
        }
        const { token, valid } = await readDraws(bound);
        for (let r = 0; r < token.length; r++) {
          const t = token[r] as number;
          // invalid or out-of-range draws are left out: HypothesisFamily fails the case on the missing count
          if ((valid === null || valid[r] === 1) && Number.isInteger(t) && t >= 0 && t < vocab) counts[t] = (counts[t] as number) + 1;
        }
      }
    } finally {
      await bound.free();
    }
  } finally {
    await runner.free(input.handle).catch(() => undefined); // a watchdog-killed worker already lost it
  }
  return { counts, draws: plan.totalDraws };
}

/** The fp32 weights a logit kernel samples from: w = exp(fl32(x/T) − max) (float64 exp; the kernel's expf differs by ulps). */
function logitWeights(row: RowBatch<Float32Array>, p: FilterParams): Float32Array {
  const t = p.temperature;
  const scaled = t === undefined ? row : applyTemperature(row, typeof t === 'number' ? t : (t[0] as number));
  let max = -Infinity;
  for (const x of scaled.data) if (x > max) max = x;
  return Float32Array.from(scaled.data, (x) => Math.exp(Math.fround(x - max)));
}

/** One case of the family: an entry, the row it samples (replicated) and scalar parameters. */
interface ChiCase {
  readonly entry: ManifestEntry;
  readonly row: RowBatch<Float32Array>;
  readonly params: FilterParams;
  /** An LLM-shaped row: its power against tail loss is stated and must reach TAIL_POWER. */
  readonly tail: boolean;
  readonly name: string;
  /** Largest replicated input per launch: decides rows per launch and launches (planDraws). */
  readonly maxInputBytes: number;
}

/**
 * Every case of the family, in the order the GPU test adds them: per entry, the scalar parameter cases on one seeded
 * row of chiSquareVocab (per-row parameter cases vary along the batch, so the rows would not share one
 * distribution), then one case on the LLM-shaped row; an element-type variant runs one of its scalar cases only.
 */
function chiSquareCases(spec: ChiSquareSpec, entries: readonly ManifestEntry[]): ChiCase[] {
  const rows = new Map<string, RowBatch<Float32Array>>();
  const rowOf = (kind: InputKind, llm: boolean): RowBatch<Float32Array> => {
    const key = `${kind}/${llm}`;
    let row = rows.get(key);
    if (row === undefined) rows.set(key, (row = llm ? llmShapedRow(kind) : distinctRows(kind, 1, spec.chiSquareVocab, `chi-square-${spec.family}`)));
    return row;
  };
  return entries.flatMap((e) => {
    const kind = inputKindOf(e);
    const scalar = spec.cases(spec.chiSquareVocab, 1).filter((p) => Object.values(p).every((v) => typeof v === 'number'));
    // the rows the entry reads: rounded to its element type, normalized when it assumes normalized rows
    const small = scalar.map((params): ChiCase => ({ entry: e, row: rowsFor(e, rowOf(kind, false)), params, tail: false, name: `${e.name} ${paramsLabel(params)}`, maxInputBytes: CHI_MAX_INPUT_BYTES }));
    // an element-type variant: one case (variants.ts)
    if (isVariant(e)) return chiSquareCasesOf(e, small, (c) => expectedOf(c).filter((p) => p > 0).length, spec.chiSquareVocab);
    const params = tailCaseParams(e, LLM_VOCAB);
    const llm: ChiCase = { entry: e, row: rowsFor(e, rowOf(kind, true)), params, tail: true, name: `${e.name} LLM-shaped vocab ${LLM_VOCAB} ${paramsLabel(params)}`, maxInputBytes: LLM_MAX_INPUT_BYTES };
    return [...small, llm];
  });
}

/** The law a correct kernel samples for this case: the reference's filtered distribution of the row's weights. */
function expectedOf(c: ChiCase): Float64Array {
  const weights = inputKindOf(c.entry) === 'logits' ? logitWeights(c.row, c.params) : c.row.data;
  return Float64Array.from(filteredDistribution(weights, filterSpecOf(c.entry, c.params), 0));
}

function caseLine(c: CaseResult): string {
  const tv = c.minDetectableTv === null ? 'none (one eligible token: only impossible draws can fail)' : c.minDetectableTv.toExponential(2);
  return `[chi-square] ${c.name} seed=${c.seed}: p=${c.pValue.toExponential(3)} Holm-adjusted=${c.holmAdjusted.toExponential(3)} df=${c.df} G p=${c.gPValue.toExponential(3)} draws=${c.draws} min detectable TV=${tv}${c.reason === null ? '' : ` FAILED (${c.reason})`}`;
}

export function chiSquareBlock(spec: ChiSquareSpec, entries: () => ManifestEntry[]): void {
  describe(`${spec.family}: chi-square power against tail loss (LLM-shaped rows, vocab ${LLM_VOCAB})`, () => {
    it(`each LLM-shaped case catches a kernel that never samples the last ${TAIL_SHARE * 100} % of the mass with power ≥ ${TAIL_POWER} at Holm's strictest alpha`, () => {
      expect.hasAssertions();
      const cases = chiSquareCases(spec, entries());
      const alpha = FILE_FAMILY_ALPHA / cases.length;
      for (const c of cases.filter((x) => x.tail)) {
        const draws = planDraws({ vocab: c.row.vocab, draws: DEFAULT_MIN_DRAWS, maxUploadBytes: c.maxInputBytes }).totalDraws;
        const t = tailLossPower({ expected: expectedOf(c), draws, alpha });
        console.log(tailLossLine(c.name, t));
        record.section(`chi-square tail-loss power: ${c.name}`, { share: TAIL_SHARE, power: t.power, miss: t.miss, draws, alpha, df: t.df, lambda: t.lambda, lostMass: t.lostMass, tailTokens: t.tailTokens, cases: cases.length });
        expect(t.power, `${c.name}: power ${t.power} against tail loss at ${draws} draws, alpha ${alpha}`).toBeGreaterThanOrEqual(TAIL_POWER);
      }
    });
  });

  describeGpu(`${spec.family}: chi-square agreement`, () => {
    it(`≥ ${DEFAULT_MIN_DRAWS} draws per case (LLM-shaped rows included), Holm within the file at ${FILE_FAMILY_ALPHA.toExponential(2)} (1e-4 for the whole run)`, async () => {
      console.log(`[chi-square] ${spec.family}: ${describeSeed()}; ${alphaSplitNote()}`);
      const family = new HypothesisFamily({ familyAlpha: FILE_FAMILY_ALPHA });
      const counted: Counted[] = [];
      for (const c of chiSquareCases(spec, entries())) {
        const label = c.name.slice(c.entry.name.length + 1);
        const seed = suiteSeed(`${spec.family}/chi-square/${c.name}`);
        const { counts, draws } = await countDraws(c.entry, c.row, c.params, seed, c.maxInputBytes);
        const expectedProbs = expectedOf(c);
        family.add({ name: c.name, observed: counts, expected: expectedProbs, draws, seed });
        counted.push({ kernel: c.entry.name, label, expectedProbs, observed: counts });
      }
      const report = family.evaluate();
      report.cases.forEach((c, i) => {
        console.log(caseLine(c));
        const k = counted[i] as Counted;
        if (c.df >= 1 && c.minDetectableTv !== null) {
          record.chiSquare({ kernel: k.kernel, case: `${k.label} seed=${c.seed}`, draws: c.draws, pValue: c.pValue, holmAdjusted: c.holmAdjusted, df: c.df, minDetectableTv: c.minDetectableTv, power: c.detectionPower, observed: k.observed, expected: Array.from(k.expectedProbs, (p) => p * c.draws) });
        }
      });
      record.section(`chi-square family ${spec.family}`, { ...report.summary, split: alphaSplitNote(), seeds: describeSeed(), cases: report.cases.map((c) => ({ name: c.name, seed: c.seed, pValue: c.pValue, holmAdjusted: c.holmAdjusted, df: c.df, reason: c.reason })) });
      const failed = report.cases.filter((c) => c.reason !== null).map(caseLine);
      expect(failed, `chi-square failures (family alpha ${FILE_FAMILY_ALPHA}); rerun with the printed SAMPLING_SEED`).toEqual([]);
    });
  });
}
