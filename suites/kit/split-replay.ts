/**
 * A kernel that splits a row over several blocks (manifest `launch.split`) promises the same results at every split
 * factor it supports. These GPU blocks launch each such entry at the factors split-factors.ts picks from its range
 * (min, 2, 3, 4, 8, 16, max and its own), on the committed fixtures, saved regressions and edge rows joined per
 * vocabulary (and the u = 1 row for samplers), and require:
 * - samplers: every check the entry declares (replay included) at each factor, and identical tokens across factors;
 * - transforms: the entry's contract at each factor, and the same outputs, bit for bit, from two launches at each
 *   factor. Softmax and prefix-sum values are not promised bit-identical across factors (the parts' maxima, the
 *   combine tree and the float64 partial sums depend on the split); the largest spread is recorded for the report.
 * An entry without a split is recorded as not applicable.
 */
import { expect, it } from 'vitest';
import type { BindOptions, BoundKernel, KernelRunner } from '../../harness/kernel-binding.ts';
import { largestUniformPromise } from '../../src/checks/index.ts';
import { splitRangeAt, withSplitParts, type KernelFamily, type ManifestEntry } from '../../src/manifest/index.ts';
import { record } from '../../src/report/record.ts';
import { suiteSeed } from '../../src/stats/experiment/index.ts';
import { expectCheck } from './expect-check.ts';
import { paramsLabel, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { U_ONE_STREAM } from './edge-rows.ts';
import { bindCall, launchedMs, type KernelCall } from './kernel-call.ts';
import { bindOptions } from './manifest.ts';
import { casesFor, fixtureInputs, rerun } from './sampling-expect.ts';
import { largestUniformRows } from './sampling-gpu-blocks.ts';
import { inputKindOf, type NamedRows } from './sampling-inputs.ts';
import { replayLaunch } from './sampling-replay.ts';
import { guaranteeChecks, readDraws, rowValidity, samplingCall, type ScopedCheck } from './sampling-run.ts';
import type { SamplingFamily } from './sampling-suite.ts';
import { declaresSplit, deterministicAtFactors, joinByVocab, maxUlpsAcrossFactors, mergeAcrossFactors, sameTokensAcrossFactors, SPLIT_CHECK, splitFactors, type FactorChecks } from './split-factors.ts';
import { transformContractOf, transformRowValidity, type TransformOutput } from './transform-contracts.ts';
import { outputName, transformCall } from './transform-run.ts';

type Entries = () => ManifestEntry[];
type Cases = (e: ManifestEntry, vocab: number, batch: number) => FilterParams[];

/** One launch of `entry` at split factor `parts` (the bound call's own geometry says it ran there); freed after `read`. */
async function atFactor<T>(runner: KernelRunner, entry: ManifestEntry, parts: number, call: KernelCall, options: BindOptions, read: (bound: BoundKernel) => Promise<T>): Promise<T> {
  const bound = await bindCall(runner, withSplitParts(entry, parts), call, options);
  try {
    if (bound.launchGeometry.parts !== parts) throw new Error(`${entry.name}: bound at split factor ${String(bound.launchGeometry.parts)}, asked for ${parts}`);
    launchedMs(entry.name, await bound.launch());
    return await read(bound);
  } finally {
    await bound.free();
  }
}

/** The factors to launch at the input's shape on the runner's device. */
function factorsAt(runner: KernelRunner, e: ManifestEntry, rows: NamedRows['rows']): number[] {
  const range = splitRangeAt(e, rows, runner.info());
  if (range === null) throw new RangeError(`${e.name}: declares no launch.split, so it has no split factors to launch`);
  return splitFactors(range);
}

/** The split entries of a family; the others recorded as not applicable for `check` (when none splits, the test skips). */
function splitEntries(entries: Entries, check: string): ManifestEntry[] {
  const all = entries();
  for (const e of all.filter((x) => !declaresSplit(x))) record.notApplicable({ kernel: e.name, check, declared: 'no launch.split (one launch shape)' });
  return all.filter(declaresSplit);
}

export interface SamplerInput {
  readonly input: NamedRows;
  readonly seed: bigint;
  readonly offset: bigint;
}

/** Fixtures, regressions and edge rows joined per vocabulary, and the u = 1 row where the harness can pin it. */
function samplerInputs(family: KernelFamily, e: ManifestEntry): SamplerInput[] {
  const seed = suiteSeed(`${family}/split/${e.name}`);
  const joined = joinByVocab(fixtureInputs(e)).map((input) => ({ input, seed, offset: 3n }));
  if (largestUniformPromise(e).kind === 'none') return joined;
  return [...joined, { input: largestUniformRows(e), seed: U_ONE_STREAM.seed, offset: U_ONE_STREAM.offset }];
}

/**
 * One sampler input and parameter case at every factor: per factor, every check the entry declares (replay
 * included), merged per stage, then identical tokens across factors (on the rows whose token the entry specifies:
 * an invalid row's token under `in-range` or `unspecified` may differ, a flagged one's may not).
 */
export async function samplerFactorChecks(runner: KernelRunner, e: ManifestEntry, { input, seed, offset }: SamplerInput, params: FilterParams, options: BindOptions): Promise<{ factors: number[]; checks: ScopedCheck[] }> {
  const { rows } = input;
  const factors = factorsAt(runner, e, rows);
  const runs: (FactorChecks & { token: Float64Array })[] = [];
  // the checks are a function of what a launch returned: a factor that returned the same as another is judged once
  const judged = new Map<string, ScopedCheck[]>();
  for (const parts of factors) {
    const launch = await atFactor(runner, e, parts, samplingCall(e, rows, params, seed, offset), options, async (b) => ({ ...(await readDraws(b)), ms: 0 }));
    const key = [launch.token, launch.valid ?? [], launch.uniforms ?? []].map((a) => Array.prototype.join.call(a, ',')).join('|');
    let checks = judged.get(key);
    if (checks === undefined) {
      const replay = replayLaunch(e, rows, params, launch, seed, offset);
      checks = [...guaranteeChecks(e, rows, params, launch), ...(replay === null ? [] : [replay.check])];
      judged.set(key, checks);
    }
    runs.push({ parts, checks, token: launch.token });
  }
  const compared = e.invalidRows === 'flag' ? undefined : rowValidity(e, rows);
  return { factors, checks: [...mergeAcrossFactors(runs), { result: sameTokensAcrossFactors(runs, compared), scope: 'contract' }] };
}

async function expectSamplerFactors(runner: KernelRunner, e: ManifestEntry, si: SamplerInput, params: FilterParams): Promise<void> {
  const { factors, checks } = await samplerFactorChecks(runner, e, si, params, bindOptions());
  const { input, seed, offset } = si;
  const ctx = {
    kernel: e.name,
    case: `${input.name} (${paramsLabel(params)}) at split factors ${factors.join(', ')}`,
    reproduce: { seed, offset, command: rerun(e.family) },
    failing: { rows: input.rows, kind: inputKindOf(e), params: { kernel: e.name, input: input.name, seed: String(seed), offset: String(offset), params: paramsLabel(params) } },
  } as const;
  for (const c of checks) expectCheck(c.result, { ...ctx, scope: c.scope });
}

export function splitSamplingBlock(spec: SamplingFamily, entries: Entries): void {
  describeGpu(`${spec.family}: exact replay and identical tokens at every supported split factor`, () => {
    it('fixtures, saved regressions, edge rows and the u = 1 row (joined per vocabulary) at split factors min, 2, 3, 4, 8, 16, max and the launch\'s own', async (ctx) => {
      const split = splitEntries(entries, SPLIT_CHECK.sameTokens);
      if (split.length === 0) ctx.skip('not applicable: no entry of the family declares launch.split');
      const runner = await gpuRunner();
      let cases = 0;
      for (const e of split) {
        for (const si of samplerInputs(spec.family, e)) {
          for (const params of casesFor(spec.cases, e, si.input.rows.vocab, si.input.rows.batch)) {
            await expectSamplerFactors(runner, e, si, params);
            cases++;
          }
        }
      }
      expect(cases, 'no input or parameter case was launched').toBeGreaterThan(0);
    });
  });
}

/**
 * One transform input and parameter case at every factor: two launches per factor, the entry's contract on the
 * first (merged per stage), the two bit for bit, and the largest spread between factors (for the report). Rows the
 * entry leaves unspecified (invalid rows) are compared with nothing, not even themselves.
 */
export async function transformFactorChecks(runner: KernelRunner, e: ManifestEntry, input: NamedRows, params: FilterParams, options: BindOptions): Promise<{ factors: number[]; checks: ScopedCheck[]; ulps: number }> {
  const { rows } = input;
  const factors = factorsAt(runner, e, rows);
  const contract = transformContractOf(e);
  const call = transformCall(e, rows, rows.data, params);
  const read = async (b: BoundKernel): Promise<TransformOutput> => ({
    out: (await b.read(outputName(e))) as Float32Array,
    valid: e.validOutput === null ? null : ((await b.read(e.validOutput)) as Int32Array | Uint32Array),
  });
  const runs: (FactorChecks & { a: Float32Array; b: Float32Array })[] = [];
  for (const parts of factors) {
    const first = await atFactor(runner, e, parts, call, options, read);
    const second = await atFactor(runner, e, parts, call, options, read);
    runs.push({ parts, checks: contract.checks(e, rows, params, first), a: first.out, b: second.out });
  }
  const valid = transformRowValidity(e, rows, params);
  const compared = (r: number): boolean => e.invalidRows !== 'unspecified' || valid[r] === true;
  const deterministic = deterministicAtFactors(runs.map((r) => ({ parts: r.parts, vocab: rows.vocab, a: r.a, b: r.b })), compared);
  return { factors, checks: [...mergeAcrossFactors(runs), { result: deterministic, scope: 'universal' }], ulps: maxUlpsAcrossFactors(runs.map((r) => r.a), rows.vocab, compared) };
}

async function expectTransformFactors(runner: KernelRunner, e: ManifestEntry, input: NamedRows, params: FilterParams): Promise<{ ulps: number; at: string }> {
  const { factors, checks, ulps } = await transformFactorChecks(runner, e, input, params, bindOptions());
  const at = `${input.name} (${paramsLabel(params)}) at split factors ${factors.join(', ')}`;
  const failing = { rows: input.rows, kind: inputKindOf(e), params: { kernel: e.name, input: input.name, params: paramsLabel(params) } } as const;
  for (const c of checks) expectCheck(c.result, { kernel: e.name, case: at, failing, reproduce: { command: rerun(e.family) }, scope: c.scope });
  return { ulps, at };
}

export function splitTransformBlock(family: KernelFamily, entries: Entries, cases: Cases): void {
  describeGpu(`${family}: the contract and deterministic outputs at every supported split factor`, () => {
    it('fixtures, saved regressions and edge rows (joined per vocabulary) at split factors min, 2, 3, 4, 8, 16, max and the launch\'s own', async (ctx) => {
      const split = splitEntries(entries, SPLIT_CHECK.deterministic);
      if (split.length === 0) ctx.skip('not applicable: no entry of the family declares launch.split');
      const runner = await gpuRunner();
      let launched = 0;
      for (const e of split) {
        let widest = { ulps: 0, at: 'no compared output' };
        for (const input of joinByVocab(fixtureInputs(e))) {
          for (const params of cases(e, input.rows.vocab, input.rows.batch)) {
            const spread = await expectTransformFactors(runner, e, input, params);
            if (spread.ulps >= widest.ulps) widest = spread;
            launched++;
          }
        }
        record.section(`split factors: ${e.name}`, { largestSpreadUlps: widest.ulps, at: widest.at });
        console.log(`[split] ${e.name}: outputs of different split factors differ by at most ${widest.ulps} ulp (${widest.at})`);
      }
      expect(launched, 'no input or parameter case was launched').toBeGreaterThan(0);
    });
  });
}
