/**
 * Chi-square agreement of one sampling family (docs/statistics.md): for every entry and scalar parameter case, one
 * seeded row replicated on the device (planDraws: rows per launch × launches ≥ 1e6, offset = launch index), the
 * valid in-range tokens counted, and the counts tested against the reference's filtered distribution as one
 * HypothesisFamily (Holm at FILE_FAMILY_ALPHA; see chi-square-plan.ts for the run-wide split). Seeds come from
 * suiteSeed (SAMPLING_SEED / SAMPLING_FRESH_SEED=1), so a printed failure is reproducible.
 */
import { expect, it } from 'vitest';
import { elementTypeOf, rowInputOf, type ManifestEntry } from '../../src/manifest/index.ts';
import { applyTemperature, filteredDistribution } from '../../src/reference/index.ts';
import { DEFAULT_MIN_DRAWS, describeSeed, HypothesisFamily, planDraws, suiteSeed, type CaseResult } from '../../src/stats/experiment/index.ts';
import { record } from '../../src/report/record.ts';
import type { RowBatch } from '../../src/types.ts';
import { alphaSplitNote, CHI_MAX_INPUT_BYTES, FILE_FAMILY_ALPHA } from './chi-square-plan.ts';
import { replicateRows } from './device-rows.ts';
import { filterSpecOf, paramsLabel, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { bindCall, launchedMs } from './kernel-call.ts';
import { bindOptions } from './manifest.ts';
import { distinctRows, inputKindOf, rowsFor } from './sampling-inputs.ts';
import { drawOffset, readDraws, samplingCallOn } from './sampling-run.ts';

export interface ChiSquareSpec {
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
async function countDraws(entry: ManifestEntry, row: RowBatch<Float32Array>, params: FilterParams, seed: bigint): Promise<{ counts: Float64Array; draws: number }> {
  const runner = await gpuRunner();
  const vocab = row.vocab;
  const plan = planDraws({ vocab, draws: DEFAULT_MIN_DRAWS, maxUploadBytes: CHI_MAX_INPUT_BYTES });
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
          throw new Error(`chi-square ${entry.name} ${paramsLabel(params)}: launch ${l} of ${plan.launches} (seed ${seed}, offset ${offset}, ${plan.rowsPerLaunch} rows × vocab ${vocab}) did not complete: ${(e as Error).message}`, { cause: e });
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

function caseLine(c: CaseResult): string {
  const tv = c.minDetectableTv === null ? 'none (one eligible token: only impossible draws can fail)' : c.minDetectableTv.toExponential(2);
  return `[chi-square] ${c.name} seed=${c.seed}: p=${c.pValue.toExponential(3)} Holm-adjusted=${c.holmAdjusted.toExponential(3)} df=${c.df} G p=${c.gPValue.toExponential(3)} draws=${c.draws} min detectable TV=${tv}${c.reason === null ? '' : ` FAILED (${c.reason})`}`;
}

export function chiSquareBlock(spec: ChiSquareSpec, entries: () => ManifestEntry[]): void {
  describeGpu(`${spec.family}: chi-square agreement`, () => {
    it(`≥ ${DEFAULT_MIN_DRAWS} draws per case, Holm within the file at ${FILE_FAMILY_ALPHA.toExponential(2)} (1e-4 for the whole run)`, async () => {
      console.log(`[chi-square] ${spec.family}: ${describeSeed()}; ${alphaSplitNote()}`);
      const family = new HypothesisFamily({ familyAlpha: FILE_FAMILY_ALPHA });
      const counted: Counted[] = [];
      for (const e of entries()) {
        const kind = inputKindOf(e);
        const row = rowsFor(e, distinctRows(kind, 1, spec.chiSquareVocab, `chi-square-${spec.family}`));
        // per-row parameter cases vary along the batch: the rows would not share one distribution
        for (const params of spec.cases(spec.chiSquareVocab, 1).filter((p) => Object.values(p).every((v) => typeof v === 'number'))) {
          const label = paramsLabel(params);
          const name = `${e.name} ${label}`;
          const seed = suiteSeed(`${spec.family}/chi-square/${name}`);
          const { counts, draws } = await countDraws(e, row, params, seed);
          const weights = kind === 'logits' ? logitWeights(row, params) : row.data;
          const expectedProbs = filteredDistribution(weights, filterSpecOf(e, params), 0);
          family.add({ name, observed: counts, expected: expectedProbs, draws, seed });
          counted.push({ kernel: e.name, label, expectedProbs: Float64Array.from(expectedProbs), observed: counts });
        }
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
