/**
 * What the split-factor blocks (split-replay.ts) launch and how they judge it, without a GPU: which factors of an
 * entry's supported range to launch, inputs of one vocabulary joined into one batch (a few launches per factor),
 * the checks of every factor merged into one per stage (each finding says its factor), and the comparison across
 * factors (tokens) or across two launches at one factor (transform outputs, bit for bit).
 */
import { checkResult, type CheckScope } from '../../src/checks/index.ts';
import type { ManifestEntry, SplitRange } from '../../src/manifest/index.ts';
import { stagesOf } from '../../src/manifest/index.ts';
import type { CheckResult, Finding } from '../../src/types.ts';
import type { NamedRows } from './sampling-inputs.ts';
import type { ScopedCheck } from './sampling-run.ts';

/** The factors launched besides the range's ends and the entry's own: small ones, and powers of two up to 16. */
const SPLIT_FACTORS: readonly number[] = [2, 3, 4, 8, 16];

/** Check names of the split blocks, as the report shows them. */
export const SPLIT_CHECK = {
  sameTokens: 'identical tokens across split factors',
  deterministic: 'deterministic at each split factor',
} as const;

export function declaresSplit(entry: ManifestEntry): boolean {
  return stagesOf(entry).some((s) => s.launch.split !== undefined);
}

/** min, 2, 3, 4, 8, 16, max and the entry's own factor, those within [min, max], ascending. */
export function splitFactors(range: SplitRange): number[] {
  const wanted = [range.min, ...SPLIT_FACTORS, range.max, range.parts];
  return [...new Set(wanted.filter((p) => p >= range.min && p <= range.max))].sort((a, b) => a - b);
}

/**
 * Inputs of one vocabulary joined into one batch, in order, so each factor costs a launch per vocabulary (and
 * parameter case) rather than per input. The name lists the inputs with their rows in the joined batch.
 */
export function joinByVocab(inputs: readonly NamedRows[]): NamedRows[] {
  const groups = new Map<number, NamedRows[]>();
  for (const i of inputs) groups.set(i.rows.vocab, [...(groups.get(i.rows.vocab) ?? []), i]);
  return [...groups].map(([vocab, group]) => {
    const batch = group.reduce((n, i) => n + i.rows.batch, 0);
    const data = new Float32Array(batch * vocab);
    const parts: string[] = [];
    let row = 0;
    for (const i of group) {
      data.set(i.rows.data, row * vocab);
      parts.push(`${i.name} (rows ${row}..${row + i.rows.batch - 1})`);
      row += i.rows.batch;
    }
    return { name: `vocab ${vocab}: ${parts.join('; ')}`, rows: { data, batch, vocab } };
  });
}

/** One factor's checks. */
export interface FactorChecks {
  readonly parts: number;
  readonly checks: readonly ScopedCheck[];
}

/**
 * The checks of every factor merged per stage (and scope), in the first factor's order: ok when every factor's is,
 * each finding carrying its factor, `checked` the sum.
 */
export function mergeAcrossFactors(runs: readonly FactorChecks[]): ScopedCheck[] {
  const merged = new Map<string, { stage: string; scope: CheckScope; findings: Finding[]; checked: number }>();
  for (const run of runs) {
    for (const { result, scope } of run.checks) {
      const key = `${scope}\u0000${result.stage}`;
      const m = merged.get(key) ?? { stage: result.stage, scope, findings: [], checked: 0 };
      for (const f of result.detail.findings) m.findings.push({ ...f, message: `split factor ${run.parts}: ${f.message}`, values: { ...f.values, parts: run.parts } });
      m.checked += result.detail.checked;
      merged.set(key, m);
    }
  }
  return [...merged.values()].map((m) => ({ result: checkResult(m.stage, m.findings, m.checked), scope: m.scope }));
}

/**
 * The tokens of every factor equal the first factor's, on the rows `compared` marks (all when absent): one finding
 * per differing row and factor. `checked` counts compared rows.
 */
export function sameTokensAcrossFactors(runs: readonly { parts: number; token: ArrayLike<number> }[], compared?: (row: number) => boolean): CheckResult {
  const first = runs[0];
  if (first === undefined) throw new RangeError('no split factor was launched');
  const findings: Finding[] = [];
  let checked = 0;
  for (let r = 0; r < first.token.length; r++) {
    if (compared !== undefined && !compared(r)) continue;
    checked++;
    for (const run of runs.slice(1)) {
      if (run.token.length !== first.token.length) throw new RangeError(`split factor ${run.parts} returned ${run.token.length} tokens, factor ${first.parts} ${first.token.length}`);
      if (run.token[r] !== first.token[r]) {
        findings.push({ row: r, index: run.token[r] as number, message: `token ${run.token[r]} at split factor ${run.parts}, ${first.token[r]} at split factor ${first.parts}`, values: { parts: run.parts, token: run.token[r] as number, firstParts: first.parts, firstToken: first.token[r] as number } });
      }
    }
  }
  return checkResult(SPLIT_CHECK.sameTokens, findings, checked);
}

const sameBits = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/**
 * Two launches at each factor wrote the same outputs bit for bit (NaN payloads aside), on the rows `compared` marks:
 * the first differing entry per row and factor. `checked` counts compared rows over all factors.
 */
export function deterministicAtFactors(runs: readonly { parts: number; vocab: number; a: Float32Array; b: Float32Array }[], compared: (row: number) => boolean): CheckResult {
  const findings: Finding[] = [];
  let checked = 0;
  for (const { parts, vocab, a, b } of runs) {
    if (a.length !== b.length) throw new RangeError(`split factor ${parts}: the two launches returned ${a.length} and ${b.length} values`);
    for (let r = 0; r < a.length / vocab; r++) {
      if (!compared(r)) continue;
      checked++;
      for (let i = 0; i < vocab; i++) {
        const [x, y] = [a[r * vocab + i] as number, b[r * vocab + i] as number];
        if (sameBits(x, y)) continue;
        findings.push({ row: r, index: i, message: `split factor ${parts}: two launches wrote ${x} and ${y}`, values: { parts, first: x, second: y } });
        break;
      }
    }
  }
  return checkResult(SPLIT_CHECK.deterministic, findings, checked);
}

/** The largest distance in fp32 units in the last place between the outputs of any two factors, over compared rows (for the report). */
export function maxUlpsAcrossFactors(outs: readonly Float32Array[], vocab: number, compared: (row: number) => boolean): number {
  const first = outs[0];
  if (first === undefined) return 0;
  const bits = (f: Float32Array): Int32Array => new Int32Array(f.buffer, f.byteOffset, f.length);
  const ordered = (v: number): number => (v < 0 ? -0x80000000 - v : v); // IEEE bits made monotone in the value
  const base = bits(first);
  let worst = 0;
  for (const o of outs.slice(1)) {
    const other = bits(o);
    for (let i = 0; i < base.length; i++) {
      if (!compared(Math.floor(i / vocab)) || Number.isNaN(first[i] as number) || Number.isNaN(o[i] as number)) continue;
      worst = Math.max(worst, Math.abs(ordered(base[i] as number) - ordered(other[i] as number)));
    }
  }
  return worst;
}
