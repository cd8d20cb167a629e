/**
 * The `extern "C" __global__` entry points of a HIP/CUDA source, read from the text (no preprocessor): the form
 * `extern "C" __global__ [__launch_bounds__(N[, M])] void name(params)` and `__global__` functions inside an
 * `extern "C" { … }` block. Entry points made by macros are not seen; the caller says so when none is found.
 */

export interface CParam {
  readonly name: string;
  /** The declared type with qualifiers removed, e.g. `float*`, `unsigned int`, `__nv_bfloat16*`. */
  readonly ctype: string;
  readonly pointer: boolean;
  /** Declared `const T*` (read-only memory) or `const T` (by-value). */
  readonly isConst: boolean;
  /** The parameter text as written (for messages). */
  readonly text: string;
}

export interface KernelSignature {
  readonly name: string;
  readonly params: readonly CParam[];
  /** N of `__launch_bounds__(N)`: the largest block the kernel is compiled for. */
  readonly launchBound: number | null;
}

const QUALIFIERS = /\b(?:const|volatile|__restrict__|__restrict|restrict)\b/g;

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

export function parseParam(text: string): CParam {
  const t = text.trim();
  const m = /([A-Za-z_]\w*)\s*(?:\[\s*\])?$/.exec(t);
  if (m === null) throw new SyntaxError(`cannot read the parameter '${t}' (expected 'type name')`);
  const name = m[1] as string;
  const declared = t.slice(0, m.index) + (t.slice(m.index).includes('[') ? '*' : '');
  const isConst = /\bconst\b/.test(declared.split('*')[0] ?? '');
  const pointer = declared.includes('*');
  const base = declared.replace(QUALIFIERS, ' ').replace(/\*/g, ' ').replace(/\s+/g, ' ').trim();
  if (base === '') throw new SyntaxError(`cannot read the parameter '${t}': no type before '${name}'`);
  return { name, ctype: pointer ? `${base}*` : base, pointer, isConst, text: t };
}

function splitParams(list: string): string[] {
  const trimmed = list.trim();
  return trimmed === '' || trimmed === 'void' ? [] : trimmed.split(',');
}

/** Ranges of `extern "C" { … }` blocks (brace-matched). */
function externBlocks(code: string): Array<[number, number]> {
  const blocks: Array<[number, number]> = [];
  for (const m of code.matchAll(/extern\s+"C"\s*\{/g)) {
    let depth = 1;
    let i = (m.index as number) + m[0].length;
    for (; i < code.length && depth > 0; i++) depth += code[i] === '{' ? 1 : code[i] === '}' ? -1 : 0;
    blocks.push([m.index as number, i]);
  }
  return blocks;
}

const KERNEL = /__global__\s+(?:__launch_bounds__\s*\(\s*(\d+)[^)]*\)\s*)?void\s+([A-Za-z_]\w*)\s*\(([^)]*)\)/g;

/** Every extern "C" kernel of `source`, in source order. */
export function parseKernelSignatures(source: string): KernelSignature[] {
  const code = stripComments(source);
  const blocks = externBlocks(code);
  const found: Array<{ at: number; sig: KernelSignature }> = [];
  for (const m of code.matchAll(KERNEL)) {
    const at = m.index as number;
    const before = code.slice(Math.max(0, at - 40), at);
    const externC = /extern\s+"C"\s*$/.test(before) || blocks.some(([a, b]) => at > a && at < b);
    if (!externC) continue;
    found.push({ at, sig: { name: m[2] as string, params: splitParams(m[3] as string).map(parseParam), launchBound: m[1] === undefined ? null : Number(m[1]) } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.sig);
}
