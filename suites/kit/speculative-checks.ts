/**
 * Pure checks of one speculative launch (its four outputs) against its inputs and the reference: each returns a
 * CheckResult naming the row and the values of every failure, like src/checks.
 */
import { checkResult } from '../../src/checks/index.ts';
import { FIXED_POINT_ONE } from '../../src/reference/fixed-point.ts';
import { speculativeRowProblem, targetRow, type SpeculativeInputs } from '../../src/reference/speculative-inputs.ts';
import { SPECULATIVE_PADDING, type SpeculativeRow } from '../../src/reference/speculative.ts';
import { INVALID_ROW_TOKEN, type CheckResult, type Finding } from '../../src/types.ts';

/** What a speculative kernel wrote: tokens batch × (draft + 1), then per row accepted, emitted and valid. */
export interface SpeculativeLaunch {
  readonly tokens: Int32Array;
  readonly accepted: Int32Array;
  readonly emitted: Int32Array;
  readonly valid: Int32Array;
  readonly ms: number;
}

type Inputs = SpeculativeInputs<Float32Array | Float64Array>;

function rowTokens(x: Inputs, launch: SpeculativeLaunch, b: number): Int32Array {
  return launch.tokens.subarray(b * (x.draft + 1), (b + 1) * (x.draft + 1));
}

/**
 * Token range and layout: a valid row writes emitted + 1 tokens in [0, vocab) then padding, with
 * 0 ≤ emitted ≤ accepted ≤ draft; an invalid row writes token 0, padding and zero counts.
 */
export function speculativeLayout(x: Inputs, launch: SpeculativeLaunch): CheckResult {
  const findings: Finding[] = [];
  for (let b = 0; b < x.batch; b++) {
    const t = rowTokens(x, launch, b);
    const [accepted, emitted, valid] = [launch.accepted[b] as number, launch.emitted[b] as number, launch.valid[b] as number];
    const fail = (message: string, index?: number): void => {
      findings.push({ row: b, ...(index === undefined ? {} : { index }), message, values: { accepted, emitted, valid, tokens: [...t].join(',') } });
    };
    if (valid !== 0 && valid !== 1) fail('valid flag is neither 0 nor 1');
    if (valid === 0) {
      if (t[0] !== INVALID_ROW_TOKEN || t.some((v, k) => k > 0 && v !== SPECULATIVE_PADDING) || accepted !== 0 || emitted !== 0) {
        fail(`an invalid row must write token ${INVALID_ROW_TOKEN}, then ${SPECULATIVE_PADDING}, and zero counts`);
      }
      continue;
    }
    if (!(emitted >= 0 && emitted <= accepted && accepted <= x.draft)) fail(`counts must satisfy 0 ≤ emitted ≤ accepted ≤ draft = ${x.draft}`);
    for (let k = 0; k <= x.draft; k++) {
      const v = t[k] as number;
      if (k <= emitted && !(v >= 0 && v < x.vocab)) fail(`emitted token outside [0, ${x.vocab})`, k);
      if (k > emitted && v !== SPECULATIVE_PADDING) fail(`position after the emitted tokens must be ${SPECULATIVE_PADDING}`, k);
    }
  }
  return checkResult('speculative token range', findings, x.batch);
}

/**
 * The emitted prefix is the draft tokens, accepted ones have target probability > 0, and the drawn token (residual
 * or bonus) has fixed-point target mass at its position.
 */
function speculativeEmitsTargetTokens(x: Inputs, launch: SpeculativeLaunch): CheckResult {
  const findings: Finding[] = [];
  for (let b = 0; b < x.batch; b++) {
    if (launch.valid[b] !== 1) continue;
    const t = rowTokens(x, launch, b);
    const emitted = Math.min(Math.max(launch.emitted[b] as number, 0), x.draft);
    for (let k = 0; k <= emitted; k++) {
      const v = t[k] as number;
      if (k < emitted && v !== x.draftTokens[b * x.draft + k]) {
        findings.push({ row: b, index: k, message: 'emitted prefix differs from the draft tokens', values: { token: v, draft: x.draftTokens[b * x.draft + k] as number } });
      }
      // an accepted draft token needs p_t > 0; the drawn token needs fixed-point mass (target > 0 in the step)
      const w = v >= 0 && v < x.vocab ? (targetRow(x, b, k)[v] as number) : Number.NaN;
      const mass = k < emitted ? w : Math.floor(w * FIXED_POINT_ONE);
      if (!(mass > 0)) findings.push({ row: b, index: k, message: 'emitted a token its target row gives no mass', values: { token: v, target: w } });
    }
  }
  return checkResult('emits only target tokens', findings, x.batch);
}

/** valid = 1 exactly for rows whose inputs are valid (speculative-inputs.ts). */
function speculativeValidFlags(x: Inputs, launch: SpeculativeLaunch): CheckResult {
  const findings: Finding[] = [];
  for (let b = 0; b < x.batch; b++) {
    const problem = speculativeRowProblem(x, b);
    const want = problem === null ? 1 : 0;
    if (launch.valid[b] !== want) findings.push({ row: b, message: `valid flag ${launch.valid[b]}, expected ${want}${problem === null ? '' : ` (${problem})`}`, values: { valid: launch.valid[b] as number } });
  }
  return checkResult('speculative valid flags', findings, x.batch);
}

/** Every output of every row equals the reference replay (same seed, offset and uniforms). */
export function speculativeReplay(launch: SpeculativeLaunch, want: readonly SpeculativeRow[]): CheckResult {
  const findings: Finding[] = [];
  const width = want[0]?.tokens.length ?? 0;
  want.forEach((w, b) => {
    const got = launch.tokens.subarray(b * width, (b + 1) * width);
    const same = got.every((v, k) => v === w.tokens[k]) && launch.accepted[b] === w.accepted && launch.emitted[b] === w.emitted && launch.valid[b] === (w.valid ? 1 : 0);
    if (!same) {
      findings.push({
        row: b,
        message: 'GPU output differs from the reference replay',
        values: { gpu: `${[...got].join(',')} a=${launch.accepted[b]} e=${launch.emitted[b]} v=${launch.valid[b]}`, ref: `${[...w.tokens].join(',')} a=${w.accepted} e=${w.emitted} v=${w.valid ? 1 : 0}` },
      });
    }
  });
  return checkResult('exact replay', findings, want.length);
}

/** The reference's rows as a launch (the oracle-consistency block runs the checks on it). */
export function referenceAsLaunch(rows: readonly SpeculativeRow[]): SpeculativeLaunch {
  const width = rows[0]?.tokens.length ?? 0;
  const tokens = new Int32Array(rows.length * width);
  rows.forEach((r, b) => tokens.set(r.tokens, b * width));
  return {
    tokens,
    accepted: Int32Array.from(rows, (r) => r.accepted),
    emitted: Int32Array.from(rows, (r) => r.emitted),
    valid: Int32Array.from(rows, (r) => (r.valid ? 1 : 0)),
    ms: 0,
  };
}

/** The structural checks of a launch, in order (exact replay is separate: it needs the reference). */
export function speculativeGuarantees(x: Inputs, launch: SpeculativeLaunch): CheckResult[] {
  return [speculativeLayout(x, launch), speculativeValidFlags(x, launch), speculativeEmitsTargetTokens(x, launch)];
}
