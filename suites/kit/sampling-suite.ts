/**
 * The guarantees of one family of sampling kernels, each held to what its manifest entry declares. CPU blocks
 * (CI): the manifest declares the family, the oracle is consistent on committed fixtures and saved regressions,
 * and bad parameters are rejected before launch. GPU blocks: the universal checks (token range, never-masked,
 * filter guarantee, determinism, stream independence, chi-square agreement, watchdog budget) for every kernel, and
 * the contract checks (replay, tie policy, valid-flag policy, identical tokens at every declared split factor) where
 * declared — the others are recorded as not applicable, never as passed.
 */
import type { KernelFamily, ManifestEntry } from '../../src/manifest/index.ts';
import { TOKEN_OPS } from '../../src/manifest/index.ts';
import { chiSquareBlock } from './chi-square-suite.ts';
import type { FilterParams } from './filter-of.ts';
import { entriesOf } from './manifest.ts';
import { manifestBlock, oracleBlock, parameterValidationBlock } from './sampling-cpu-blocks.ts';
import { determinismBlock, fastCheckBlock, fixturesBlock, largestUniformBlock } from './sampling-gpu-blocks.ts';
import { watchdogBlock } from './sampling-watchdog.ts';
import { indicesBlock } from './indices-block.ts';
import { splitSamplingBlock } from './split-replay.ts';
import { fullBatteryEntries } from './variants.ts';

export interface SamplingFamily {
  readonly family: KernelFamily;
  /** Parameter cases every entry runs (scalars and per-row arrays; per-row arrays are built per batch). */
  readonly cases: (vocab: number, batch: number) => readonly FilterParams[];
  /** Bad parameter values that must be rejected before launch, with the message they must produce. */
  readonly badParams: readonly (readonly [string, FilterParams, RegExp])[];
  /** One row of this vocab is used for chi-square (≥ 1e6 draws per case). */
  readonly chiSquareVocab: number;
}

export { FLASHINFER_BATCHES, FLASHINFER_VOCABS } from './sampling-shapes.ts';

/** The family's samplers (the topk family also holds the mask-logits kernels, verified as transforms). */
function samplingEntries(family: KernelFamily): ManifestEntry[] {
  return entriesOf(family).filter((e) => TOKEN_OPS.includes(e.reference.op));
}

export function samplingSuite(spec: SamplingFamily): void {
  const entries = (): ManifestEntry[] => samplingEntries(spec.family);
  // element-type variants run the lighter battery of variants.ts; the blocks given `entries` pick their share
  const full = (): ManifestEntry[] => fullBatteryEntries(entries());
  manifestBlock(spec, entries);
  oracleBlock(spec, entries);
  parameterValidationBlock(spec, entries);
  fixturesBlock(spec, entries);
  largestUniformBlock(spec, entries);
  splitSamplingBlock(spec, full);
  fastCheckBlock(spec, full);
  determinismBlock(spec, full);
  chiSquareBlock(spec, entries);
  watchdogBlock(spec, entries);
  indicesBlock(spec, entries);
}
