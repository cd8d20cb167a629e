/**
 * Drafts manifest entries from extern "C" kernel signatures: types filled in, roles and the contract guessed from
 * names, every guess listed in the entry's `review`, and what cannot be guessed listed as a decision (the field gets
 * a "DECIDE: …" placeholder, so validation names it too).
 */
import { guessParams } from './params.ts';
import type { KernelSignature } from './signatures.ts';

export interface DraftEntry {
  readonly json: Record<string, unknown>;
  readonly review: readonly string[];
  /** What a person must still decide, one line each, naming the field. */
  readonly decisions: readonly string[];
}

export interface DraftLaunch {
  readonly grid?: string;
  readonly block?: string;
}

interface OpGuess {
  readonly family: string;
  readonly reference: Record<string, unknown>;
  readonly review: string[];
  readonly decisions: string[];
}

const TIE_FILTERS = ['top-k', 'top-p', 'top-k-top-p'];
const VALID_NAME = /valid|success|^ok$/i;

function filterOf(n: string): string | null {
  const k = n.includes('topk');
  const p = n.includes('topp');
  return k && p ? 'top-k-top-p' : k ? 'top-k' : p ? 'top-p' : n.includes('minp') ? 'min-p' : null;
}

/** Family and reference op from the function name (lower case, underscores removed). */
function guessOp(fn: string): OpGuess {
  const n = fn.toLowerCase().replace(/_/g, '');
  const filter = filterOf(n);
  const review: string[] = [];
  const decisions: string[] = [];
  const guess = (family: string, reference: Record<string, unknown>): OpGuess => {
    review.push(`family '${family}', reference ${JSON.stringify(reference)} from the function name`);
    return { family, reference, review, decisions };
  };
  if (n.includes('softmax')) return guess('softmax', { op: 'softmax' });
  if (n.includes('prefixsum') || n.includes('cumsum') || n.includes('scan')) {
    const scan = n.includes('exclusive') ? 'exclusive' : 'inclusive';
    if (!n.includes('exclusive') && !n.includes('inclusive')) review.push("reference.scan 'inclusive' assumed: out[i] = Σ_{j ≤ i} in[j]; 'exclusive' if out[i] = Σ_{j < i}");
    return guess('prefix-sum', { op: 'prefix-sum', scan });
  }
  if (n.includes('temperature')) return guess('temperature', { op: 'temperature' });
  if (n.includes('renorm')) return filter ? guess('renorm', { op: 'renorm', filter }) : withDecision(guess('renorm', { op: 'renorm', filter: 'DECIDE: top-k or top-p' }), 'reference.filter: which filter the renorm applies');
  if (n.includes('mask')) return guess('topk', { op: 'mask-logits', filter: filter ?? 'top-k' });
  if (filter === 'top-k-top-p') {
    const order = n.includes('joint') ? 'joint' : n.includes('first') ? 'topk-first' : null;
    const g = guess('fused', { op: 'sample', filter, order: order ?? 'DECIDE: topk-first or joint' });
    return order ? g : withDecision(g, "reference.order: 'topk-first' (top-p over the renormalized top-k set) or 'joint' (in the top-k set and the top-p nucleus of the full row)");
  }
  if (filter) return guess(filter === 'top-k' ? 'topk' : filter === 'top-p' ? 'topp' : 'minp', { op: 'sample', filter });
  if (n.includes('sampl')) return n.includes('logit') ? guess('logits', { op: 'sample-logits' }) : guess('sample', { op: 'sample', filter: 'none' });
  return { family: 'DECIDE: family', reference: { op: 'DECIDE: reference op' }, review, decisions: ['family and reference.op: the name does not say what the kernel computes'] };
}

function withDecision(g: OpGuess, decision: string): OpGuess {
  return { ...g, decisions: [...g.decisions, decision] };
}

function guessRng(params: Array<Record<string, unknown>>, sampler: boolean, review: string[], decisions: string[]): unknown {
  const has = (role: string): boolean => params.some((p) => p.role === role);
  if (has('uniforms')) {
    review.push("rng 'uniforms-in': the harness fills the uniforms as rocrand_generate_uniform (PHILOX4_32_10) with the call's seed and offset; replay tolerance 1e-4 by default");
    return { mode: 'uniforms-in' };
  }
  if (has('seed')) {
    if (!has('offset')) decisions.push("rng: a seeded kernel needs an offset u64 scalar too (role 'offset')");
    review.push("rng 'seeded': replay not applicable; 'philox-replay' if the kernel draws one rocRAND Philox uniform per row at subsequence = row");
    return { mode: 'seeded' };
  }
  if (sampler) {
    decisions.push('rng: a sampler must declare its randomness (a uniforms pointer, or seed and offset scalars)');
    return 'DECIDE: rng';
  }
  return null;
}

function describeOutputs(params: Array<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) {
    if (p.role !== 'out' && p.role !== 'inout') continue;
    out[String(p.name)] = p.shape === 'batch*vocab' ? 'output rows (drafted by init-manifest)' : VALID_NAME.test(String(p.name)) ? '1 for a valid row (drafted by init-manifest)' : 'one value per row (drafted by init-manifest)';
  }
  return out;
}

function guessLaunch(sig: KernelSignature, given: DraftLaunch, review: string[], decisions: string[]): Record<string, unknown> {
  const block = given.block ?? (sig.launchBound === null ? undefined : String(sig.launchBound));
  const grid = given.grid ?? (block === undefined ? undefined : 'batch');
  if (given.block === undefined && sig.launchBound !== null) review.push(`launch.block ${sig.launchBound} from __launch_bounds__ (the most the kernel allows; the host may launch fewer)`);
  if (given.grid === undefined && grid !== undefined) review.push("launch.grid 'batch' assumed (one block per row)");
  if (block === undefined || grid === undefined) {
    decisions.push("launch: grid and block as the host launches the kernel, e.g. { \"grid\": \"batch\", \"block\": \"min(256, vocab)\" } (or pass --grid/--block)");
  }
  return { grid: grid ?? 'DECIDE: grid', block: block ?? 'DECIDE: block' };
}

/** One entry per signature; `file` is the source path relative to the manifest's directory. */
export function draftEntry(sig: KernelSignature, file: string, launch: DraftLaunch = {}): DraftEntry {
  const op = guessOp(sig.name);
  const sampler = op.reference.op === 'sample' || op.reference.op === 'sample-logits';
  const guessed = guessParams(sig.params, sampler);
  const review = [...op.review, ...guessed.review];
  const decisions = [...op.decisions, ...guessed.decisions];
  const params = guessed.params;
  const json: Record<string, unknown> = { name: sig.name, file, function: sig.name, family: op.family, params, launch: guessLaunch(sig, launch, review, decisions), reference: op.reference };
  const tie = TIE_FILTERS.includes(String(op.reference.filter));
  json.tiePolicy = tie ? 'any' : null;
  if (tie) review.push("tiePolicy 'any' (the weakest promise: anything between 'exact' and 'ties-kept'); declare 'exact' or 'ties-kept' to have it checked");
  json.rng = guessRng(params, sampler, review, decisions);
  const valid = params.find((p) => p.role === 'out' && VALID_NAME.test(String(p.name)));
  if (valid && valid.name !== 'valid') json.validOutput = valid.name;
  if (!valid) {
    json.invalidRows = 'unspecified';
    review.push(`invalidRows 'unspecified' (no valid output: invalid rows are only fed to check nothing crashes)${sampler ? "; declare 'in-range' if the kernel returns a token in [0, vocab) for them" : ''}`);
  }
  if (params.some((p) => p.role === 'workspace')) decisions.push('workspaceBytes: bytes of workspace the kernel needs, as an expression of batch, vocab, block, multiprocessors');
  if (params.some((p) => p.role === 'workspace')) json.workspaceBytes = 'DECIDE: workspace bytes';
  json.outputs = describeOutputs(params);
  json.review = review;
  return { json, review, decisions };
}
