/**
 * The CPU blocks of a sampling family (CI, no GPU): what the manifest declares, the oracle's consistency with its
 * own checks under each entry's declarations, and parameter validation before launch.
 */
import { describe, expect, it } from 'vitest';
import { PROBE_MULTIPROCESSORS, resolveStages, resolveWorkspaceBytes, type KernelFamily, type ManifestEntry } from '../../src/manifest/index.ts';
import { callKernel, type KernelCall } from './kernel-call.ts';
import { bindOptions } from './manifest.ts';
import { expectCheck } from './expect-check.ts';
import { acceptsParams, paramsLabel } from './filter-of.ts';
import { casesFor, fixtureInputs } from './sampling-expect.ts';
import { guaranteeChecks, referenceFor, samplingCall } from './sampling-run.ts';
import { watchdogShapes } from './sampling-shapes.ts';
import type { SamplingFamily } from './sampling-suite.ts';
import { trapRunner } from './test-runners.ts';
import { errorMessage } from '../../src/errors.ts';

type Entries = () => ManifestEntry[];

/**
 * What is wrong with a family's sampling entries as the suites need them (empty when nothing): at least one entry,
 * each drawing random numbers somehow, each with a launch and workspace for every suite shape on every probed
 * device size. Exported so a test can show it fails on an empty family.
 */
export function samplingManifestProblems(family: KernelFamily, entries: readonly ManifestEntry[]): string[] {
  if (entries.length === 0) return [`the manifest declares no sampling kernel of family '${family}': nothing would be verified`];
  const problems: string[] = [];
  for (const e of entries) {
    if (e.rng === null) problems.push(`${e.name}: a sampling kernel must declare its randomness (rng)`);
    for (const [batch, vocab] of watchdogShapes()) {
      for (const multiprocessors of PROBE_MULTIPROCESSORS) {
        try {
          for (const launch of resolveStages(e, { batch, vocab }, { multiprocessors })) if (!(launch.grid > 0)) problems.push(`${e.name}: grid ${launch.grid} at ${batch}×${vocab}`);
          resolveWorkspaceBytes(e, { batch, vocab }, { multiprocessors });
        } catch (err) {
          problems.push(`${e.name} at ${batch}×${vocab}, ${multiprocessors} multiprocessors: ${errorMessage(err)}`);
        }
      }
    }
  }
  return problems;
}

export function manifestBlock(spec: SamplingFamily, entries: Entries): void {
  describe(`${spec.family}: manifest`, () => {
    it('declares at least one kernel of the family, each with its randomness and a launch for every shape', () => {
      expect(samplingManifestProblems(spec.family, entries())).toEqual([]);
    });
  });
}

export function oracleBlock(spec: SamplingFamily, entries: Entries): void {
  describe(`${spec.family}: oracle consistency (the reference passes its own checks)`, () => {
    const seed = 0x5eedn;
    it('on every committed fixture and saved regression, for every parameter case', () => {
      let checked = 0;
      for (const e of entries()) {
        for (const input of fixtureInputs(e)) {
          for (const params of casesFor(spec.cases, e, input.rows.vocab, input.rows.batch)) {
            const want = referenceFor(e, input.rows, params, seed, 0n);
            const token = Float64Array.from(want, (w) => w.token);
            const valid = e.validOutput === null ? null : Int32Array.from(want, (w) => (w.valid ? 1 : 0));
            for (const c of guaranteeChecks(e, input.rows, params, { token, valid })) {
              expectCheck(c.result, { kernel: e.name, case: `reference on ${input.name} (${paramsLabel(params)})`, recordResult: false });
              checked++;
            }
          }
        }
      }
      expect(checked, 'no check ran: no entry, input or parameter case').toBeGreaterThan(0);
    });
  });
}

export function parameterValidationBlock(spec: SamplingFamily, entries: Entries): void {
  describe(`${spec.family}: parameter validation`, () => {
    const rows = { data: new Float32Array(2 * 8).fill(0.125), batch: 2, vocab: 8 };
    const base = (e: ManifestEntry) => casesFor(spec.cases, e, 8, 2)[0] ?? {};
    const cases: [string, (e: ManifestEntry) => KernelCall | null, RegExp][] = [
      ...spec.badParams.map(([what, p, msg]) => [what, (e: ManifestEntry) => (acceptsParams(e, p) ? samplingCall(e, rows, p, 1n, 0n) : null), msg] as [string, (e: ManifestEntry) => KernelCall | null, RegExp]),
      ['a negative seed', (e) => samplingCall(e, rows, base(e), -1n, 0n), /seed.*\[0, 2\^64 - 1\]/],
      ['a seed ≥ 2^64', (e) => samplingCall(e, rows, base(e), 1n << 64n, 0n), /seed.*\[0, 2\^64 - 1\]/],
      ['an offset ≥ 2^64', (e) => samplingCall(e, rows, base(e), 1n, 1n << 64n), /offset.*\[0, 2\^64 - 1\]/],
      ['vocab 0', (e) => ({ ...samplingCall(e, rows, base(e), 1n, 0n), vocab: 0 }), /vocab must be an integer in \[1/],
      ['rows shorter than batch × vocab', (e) => ({ ...samplingCall(e, rows, base(e), 1n, 0n), batch: 3 }), /must have 24 elements/],
    ];
    it.for(cases)('rejects %s before launch (the runner is never reached)', async ([what, build, message], ctx) => {
      let rejected = 0;
      for (const e of entries()) {
        const call = build(e);
        if (call === null) continue; // an ABI without per-row arrays cannot be handed per-row values
        const runner = trapRunner();
        await expect(callKernel(runner, e, call, bindOptions())).rejects.toThrow(message);
        expect(runner.calls, e.name).toEqual([]);
        rejected++;
      }
      if (rejected === 0) ctx.skip(`no entry of the family takes ${what} (scalar-only ABI)`);
    });
  });
}
