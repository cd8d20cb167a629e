import { describe, expect, it } from 'vitest';
import { formatElapsed, Progress } from './progress.ts';

describe('progress lines', () => {
  it('formats elapsed time', () => {
    expect([4200, 59_940, 75_000, 600_000].map(formatElapsed)).toEqual(['4.2 s', '59.9 s', '1m15s', '10m00s']);
  });
  it('prints i of n and the elapsed time at start and end, and what is still running', () => {
    let t = 0;
    const lines: string[] = [];
    const p = new Progress('mutant', 2, { log: (l) => lines.push(l), now: () => t, heartbeatMs: 0 });
    p.start('a', '(topk)');
    t = 1000;
    p.start('b');
    t = 31_000;
    p.remind();
    p.done('a', 'killed');
    t = 90_000;
    p.done('b', 'SURVIVED');
    p.remind();
    expect(lines).toEqual([
      'mutant 1/2: a (topk) ... [0.0 s]',
      'mutant 2/2: b ... [1.0 s]',
      '  ... mutant: 0/2 done, running: a 31.0 s, b 30.0 s [31.0 s]',
      '  a: killed in 31.0 s (1/2 done) [31.0 s]',
      '  b: SURVIVED in 1m29s (2/2 done) [1m30s]',
    ]);
  });
});
