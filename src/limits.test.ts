/**
 * The kernels' headers cannot import src/limits.ts, so they carry their own copy of the vocabulary bound. This test
 * reads that copy as text and fails when it drifts from the TypeScript value every other layer uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config/index.ts';
import { MAX_VOCAB, VOCAB_BOUND } from './limits.ts';

const INCLUDE_DIR = path.join(REPO_ROOT, 'kernels', 'include');

/** Value of an integer constant expression of the headers: decimal literals, `<<`, `+`, `-`, parentheses. */
function evaluateConstant(text: string): number {
  const tokens = text.replace(/\s+/g, '').match(/\d+|<<|[-+()]|./g) ?? [];
  let at = 0;
  const fail = (why: string): never => {
    throw new SyntaxError(`cannot evaluate '${text}': ${why}`);
  };
  const primary = (): number => {
    const t = tokens[at++];
    if (t === '(') {
      const v = shift();
      if (tokens[at++] !== ')') fail('missing )');
      return v;
    }
    if (t !== undefined && /^\d+$/.test(t)) return Number(t);
    return fail(`unexpected ${t ?? 'end'}`);
  };
  const additive = (): number => {
    let v = primary();
    while (tokens[at] === '+' || tokens[at] === '-') v = tokens[at++] === '+' ? v + primary() : v - primary();
    return v;
  };
  // C++ binds + and - tighter than <<
  function shift(): number {
    let v = additive();
    while (tokens[at] === '<<') {
      at++;
      v *= 2 ** additive();
    }
    return v;
  }
  const v = shift();
  if (at !== tokens.length) fail(`unexpected ${tokens[at]}`);
  return v;
}

/** Every definition `constexpr <type> <name> = <expr>;` of `name` in the kernels' headers, with its file. */
function headerConstants(name: string): { file: string; value: number }[] {
  const pattern = new RegExp(`constexpr\\s+[\\w:\\s]+?\\b${name}\\s*=\\s*([^;]+);`, 'g');
  return readdirSync(INCLUDE_DIR)
    .filter((f) => /\.(?:h|hpp)$/.test(f))
    .flatMap((f) => [...readFileSync(path.join(INCLUDE_DIR, f), 'utf8').matchAll(pattern)].map((m) => ({ file: f, value: evaluateConstant(m[1] as string) })));
}

describe('the kernels\' vocabulary bound', () => {
  it('the evaluator reads the forms the headers use', () => {
    expect(evaluateConstant('1 << 21')).toBe(2 ** 21);
    expect(evaluateConstant('(1 << 21) - 1')).toBe(2 ** 21 - 1);
    expect(evaluateConstant('2097152')).toBe(2 ** 21);
    expect(() => evaluateConstant('1 << N')).toThrow(SyntaxError);
  });

  it('is defined once in kernels/include and equals VOCAB_BOUND (vocab < bound; MAX_VOCAB = bound - 1)', () => {
    const found = headerConstants('kMaxVocab');
    expect(found, 'kMaxVocab in kernels/include/*.h').toHaveLength(1);
    expect(found[0]?.value).toBe(VOCAB_BOUND);
    expect(MAX_VOCAB).toBe(VOCAB_BOUND - 1);
  });
});
