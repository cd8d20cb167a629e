import { describe, expect, it } from 'vitest';
import { evaluateLaunchExpr, parseLaunchExpr, toExprNode } from './expr.ts';

const env = { batch: 7, vocab: 50257, block: 512 };

describe('launch expressions', () => {
  it('evaluates identifiers, arithmetic with precedence and functions', () => {
    expect(evaluateLaunchExpr(parseLaunchExpr('batch'), env)).toBe(7);
    expect(evaluateLaunchExpr(parseLaunchExpr('1 + 2 * batch'), env)).toBe(15);
    expect(evaluateLaunchExpr(parseLaunchExpr('(1 + 2) * batch'), env)).toBe(21);
    expect(evaluateLaunchExpr(parseLaunchExpr('ceilDiv(batch * vocab, block)'), env)).toBe(Math.ceil((7 * 50257) / 512));
    expect(evaluateLaunchExpr(parseLaunchExpr('min(vocab, 4) + max(batch, 9) - 1'), env)).toBe(12);
    expect(evaluateLaunchExpr(toExprNode(0), env)).toBe(0);
  });

  it('rejects unknown names, bad syntax and trailing tokens with the offending text', () => {
    expect(() => parseLaunchExpr('rows')).toThrow(/unknown name 'rows'/);
    expect(() => parseLaunchExpr('batch +')).toThrow(/unexpected end/);
    expect(() => parseLaunchExpr('batch batch')).toThrow(/unexpected 'batch'/);
    expect(() => parseLaunchExpr('batch / 2')).toThrow(/unexpected character/);
    expect(() => parseLaunchExpr('ceilDiv(batch)')).toThrow(/expected ','/);
    expect(() => parseLaunchExpr('  ')).toThrow(/empty/);
    expect(() => toExprNode(-1)).toThrow(RangeError);
    expect(() => toExprNode(1.5)).toThrow(RangeError);
  });

  it('rejects negative results and a zero divisor at evaluation', () => {
    expect(() => evaluateLaunchExpr(parseLaunchExpr('batch - vocab'), env)).toThrow(/non-negative/);
    expect(() => evaluateLaunchExpr(parseLaunchExpr('ceilDiv(vocab, 0)'), env)).toThrow(/divisor/);
  });
});
