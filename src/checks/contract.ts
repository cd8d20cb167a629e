/**
 * Which promise each sampling check needs. Universal checks (token range, never-masked, filter guarantee,
 * determinism, stream independence, chi-square agreement, watchdog budget, sanitizer) hold every kernel; contract
 * checks (replay, tie policy, valid-flag policy) run only when the manifest entry declares the promise, and are
 * otherwise reported as not applicable with the declaration that rules them out. One home for these decisions: the
 * suites ask here, never re-derive them from the manifest.
 */
import type { ManifestEntry } from '../manifest/types.ts';
import type { CheckScope } from '../report/schema.ts';

export type { CheckScope };

/** Check names as the report shows them (contract checks and not-applicable records use the same names). */
export const CHECK = {
  exactReplay: 'exact replay',
  uniformReplay: 'uniform replay',
  largestUniform: 'largest uniform (u = 1)',
  validFlags: 'valid-flags',
  tiePolicy: 'tie policy',
} as const;

/** A contract check this entry does not promise, and why. */
export interface NotApplicable {
  readonly check: string;
  readonly declared: string;
}

/** Logit kernels use GPU expf: a row whose uniform lies this close (in units of u) to a CDF boundary may flip. */
export const LOGIT_REPLAY_MARGIN = 1e-5;

type Entry = Pick<ManifestEntry, 'rng' | 'reference' | 'invalidRows' | 'tiePolicy' | 'validOutput'>;

/**
 * How the harness replays an entry's tokens:
 * - `exact`: Philox4x32-10 inside the kernel, replayed bit for bit (logit kernels within LOGIT_REPLAY_MARGIN);
 * - `band`: the harness wrote the uniforms; a token is accepted when it is the reference token for some u' within
 *   `tolerance` of the kernel's u;
 * - not applicable: the kernel's own randomness (`seeded`), or several uniforms per row (which one decides the
 *   token is the kernel's business).
 */
export type ReplayPromise =
  | { readonly kind: 'exact'; readonly check: string; readonly margin: number }
  | { readonly kind: 'band'; readonly check: string; readonly tolerance: number }
  | ({ readonly kind: 'none' } & NotApplicable);

export function replayPromise(entry: Entry): ReplayPromise {
  const rng = entry.rng;
  if (rng === null) return { kind: 'none', check: CHECK.exactReplay, declared: 'rng = null (draws no random numbers)' };
  switch (rng.mode) {
    case 'philox-replay':
      return { kind: 'exact', check: CHECK.exactReplay, margin: entry.reference.op === 'sample-logits' ? LOGIT_REPLAY_MARGIN : 0 };
    case 'uniforms-in':
      if (rng.uniformsPerRow !== 1) return { kind: 'none', check: CHECK.uniformReplay, declared: `rng.uniformsPerRow = ${rng.uniformsPerRow}` };
      return { kind: 'band', check: CHECK.uniformReplay, tolerance: rng.tolerance };
    case 'seeded':
      return { kind: 'none', check: CHECK.exactReplay, declared: 'rng.mode = seeded' };
  }
}

/**
 * Whether the harness can put the largest uniform (u = 1) in front of row 0: a Philox kernel draws it from a stream
 * searched on the CPU, and rocRAND's generator writes the same stream's output `offset` as a uniforms-in kernel's
 * first uniform. A seeded kernel draws its own.
 */
export function largestUniformPromise(entry: Entry): { readonly kind: 'stream' } | ({ readonly kind: 'none' } & NotApplicable) {
  const mode = entry.rng?.mode;
  if (mode === 'philox-replay' || mode === 'uniforms-in') return { kind: 'stream' };
  return { kind: 'none', check: CHECK.largestUniform, declared: `rng.mode = ${mode ?? 'null'}` };
}

/** The valid-flag policy (token 0 and valid 0 on invalid rows) is checked only for `invalidRows: flag`. */
export function validFlagsPromise(entry: Entry): { readonly kind: 'flag'; readonly output: string } | ({ readonly kind: 'none' } & NotApplicable) {
  if (entry.invalidRows === 'flag' && entry.validOutput !== null) return { kind: 'flag', output: entry.validOutput };
  return { kind: 'none', check: CHECK.validFlags, declared: `invalidRows = ${entry.invalidRows}` };
}

/**
 * Whether an invalid row's token is checked at all: `flag` and `in-range` promise a token in [0, vocab);
 * `unspecified` promises only that nothing crashes, so such a row's results are ignored.
 */
export function invalidRowTokensChecked(entry: Pick<ManifestEntry, 'invalidRows'>): boolean {
  return entry.invalidRows !== 'unspecified';
}

/**
 * The tie policy as a contract check: `exact` promises the exact set (checked on top of the universal filter
 * guarantee, which holds every kernel to the ties-kept set); `any` promises nothing between the two sets;
 * `ties-kept` is the universal check itself (null: nothing more to record).
 */
export function tiePolicyPromise(entry: Entry): { readonly kind: 'exact' } | ({ readonly kind: 'none' } & NotApplicable) | null {
  if (entry.tiePolicy === 'exact') return { kind: 'exact' };
  if (entry.tiePolicy === 'any') return { kind: 'none', check: CHECK.tiePolicy, declared: 'tiePolicy = any' };
  return null;
}
