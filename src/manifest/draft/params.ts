/**
 * Guesses a manifest parameter list from C parameters: ABI types from the C types, roles from const-ness and names.
 * Every guess that is not certain is explained in `review`; a type outside the ABI is a decision.
 */
import type { ParamRole, PointerType, ScalarType } from '../types.ts';
import type { CParam } from './signatures.ts';

const POINTEE: Readonly<Record<string, PointerType>> = {
  float: 'f32*',
  __half: 'f16*',
  half: 'f16*',
  _Float16: 'f16*',
  __nv_bfloat16: 'bf16*',
  nv_bfloat16: 'bf16*',
  __hip_bfloat16: 'bf16*',
  hip_bfloat16: 'bf16*',
  __bf16: 'bf16*',
  bfloat16: 'bf16*',
  int: 'i32*',
  int32_t: 'i32*',
  'signed int': 'i32*',
  unsigned: 'u32*',
  'unsigned int': 'u32*',
  uint32_t: 'u32*',
  int64_t: 'i64*',
  long: 'i64*',
  'long long': 'i64*',
  'long long int': 'i64*',
  void: 'void*',
};
const SCALAR: Readonly<Record<string, ScalarType>> = {
  float: 'f32',
  int: 'i32',
  int32_t: 'i32',
  'signed int': 'i32',
  unsigned: 'u32',
  'unsigned int': 'u32',
  uint32_t: 'u32',
  uint64_t: 'u64',
  'unsigned long long': 'u64',
  'unsigned long long int': 'u64',
  'unsigned long': 'u64',
  size_t: 'u64',
};

/** The design contract's ranges of the well-known sampling scalars (docs/design.md). */
export const DESIGN_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  top_k: [1, 2 ** 31 - 1],
  top_p: [2 ** -149, 1],
  min_p: [0, 1],
  temperature: [2 ** -149, 3.4028234663852886e38],
};

const UNIFORMS = /random|uniform|rand/;
const WORKSPACE = /workspace|scratch|temp|tmp|^ws$/;
const VALID = /valid|success|^ok$/;
const ROW_INPUT = /prob|logit|input|^x$|^in$|score|weight/;
const BATCH = /^(batch|batch_size|batchsize|num_rows|n_rows|bs|num_seqs)$/;
const VOCAB = /^(vocab|vocab_size|vocabsize|num_cols|n_cols|vocab_len|d)$/;

export interface ParamGuesses {
  readonly params: Array<Record<string, unknown>>;
  readonly review: string[];
  readonly decisions: string[];
}

function pointerRole(p: CParam, lname: string): { role: ParamRole; why: string } {
  if (UNIFORMS.test(lname)) return { role: 'uniforms', why: 'its name says it holds pre-generated uniforms' };
  if (WORKSPACE.test(lname)) return { role: 'workspace', why: 'its name says it is scratch memory' };
  if (/_arr$|_array$|_per_row$/.test(lname)) return { role: 'per-row', why: 'its name says it holds one parameter per row' };
  if (p.isConst) return { role: 'in', why: 'it is const' };
  return { role: 'out', why: VALID.test(lname) ? 'not const, and its name says it is the valid flag' : 'not const: the kernel writes it' };
}

function scalarRole(lname: string): { role: ParamRole; why: string } {
  if (BATCH.test(lname)) return { role: 'batch', why: 'the launch shape: rows' };
  if (VOCAB.test(lname)) return { role: 'vocab', why: 'the launch shape: entries per row' };
  if (/seed/.test(lname)) return { role: 'seed', why: "the kernel's own random seed" };
  if (/offset/.test(lname)) return { role: 'offset', why: "the kernel's own random offset" };
  return { role: 'scalar', why: 'a by-value parameter' };
}

/** Guesses every parameter; `sampler` says the entry returns tokens (integer outputs of shape batch). */
export function guessParams(cparams: readonly CParam[], sampler: boolean): ParamGuesses {
  const review: string[] = [];
  const decisions: string[] = [];
  const params = cparams.map((p, i): Record<string, unknown> => {
    const at = `params[${i}] '${p.name}'`;
    const lname = p.name.toLowerCase();
    const type = p.pointer ? POINTEE[p.ctype.slice(0, -1)] : SCALAR[p.ctype];
    if (type === undefined) {
      decisions.push(`${at}: C type '${p.ctype}' is not in the ABI (pointers to float, __half, bfloat16, int32, uint32, int64, void; scalars float, int32, uint32, uint64)`);
      return { name: p.name, type: `DECIDE: ABI type for '${p.ctype}'`, role: p.pointer ? 'in' : 'scalar' };
    }
    if (!p.pointer) {
      const { role, why } = scalarRole(lname);
      const json: Record<string, unknown> = { name: p.name, type, role };
      const range = DESIGN_RANGES[p.name];
      if (range) json.range = range;
      review.push(`${at}: role '${role}' (${why})${range ? `, range [${range[0]}, ${range[1]}] from the design contract` : ''}`);
      if ((role === 'seed' || role === 'offset') && type !== 'u64') decisions.push(`${at}: a ${role} is a u64 scalar in the ABI, the kernel declares '${p.ctype}'`);
      return json;
    }
    const { role, why } = pointerRole(p, lname);
    const json: Record<string, unknown> = { name: p.name, type, role };
    let shape: string | undefined = 'batch*vocab';
    if (role === 'uniforms' || role === 'per-row' || (role === 'out' && (VALID.test(lname) || (sampler && type !== 'f32*')))) shape = 'batch';
    if (role === 'workspace') shape = undefined;
    if (shape !== undefined) json.shape = shape;
    review.push(`${at}: role '${role}' (${why})${shape === undefined ? '' : `, shape '${shape}'`}${role === 'uniforms' ? ' (one per row; n per row is shape batch*n with rng.uniformsPerRow)' : ''}`);
    return json;
  });
  linkPerRow(params, review, decisions);
  fixUnmarkedInput(params, review);
  for (const role of ['batch', 'vocab'] as const) {
    if (!params.some((p) => p.role === role)) decisions.push(`params: no parameter reads like the ${role} scalar; give that int parameter role '${role}'`);
  }
  return { params, review, decisions };
}

/** A per-row array falls back to the scalar it is named after (`top_p_arr` → `top_p`). */
function linkPerRow(params: Array<Record<string, unknown>>, review: string[], decisions: string[]): void {
  for (const p of params.filter((q) => q.role === 'per-row')) {
    const scalar = String(p.name).replace(/_(arr|array|per_row)$/i, '');
    const s = params.find((q) => q.name === scalar && q.role === 'scalar');
    if (s === undefined) {
      decisions.push(`'${String(p.name)}': a per-row array needs a fallback scalar; none is named '${scalar}'`);
      continue;
    }
    Object.assign(p, { nullable: true, fallback: scalar, ...(s.range ? { range: s.range } : {}) });
    review.push(`'${String(p.name)}': nullable per-row array, falls back to '${scalar}'`);
  }
}

/** A kernel that marks nothing const still reads its rows: its first row-like pointer becomes the input. */
function fixUnmarkedInput(params: Array<Record<string, unknown>>, review: string[]): void {
  if (params.some((p) => p.role === 'in')) return;
  const row = params.find((p) => p.role === 'out' && ROW_INPUT.test(String(p.name).toLowerCase()));
  if (row === undefined) return;
  row.role = 'in';
  row.shape = 'batch*vocab';
  review.push(`'${String(row.name)}': role 'in' although not const (no const pointer, and its name reads like the row input)`);
}
