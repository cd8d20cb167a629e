import { describe, expect, it } from 'vitest';
import type { SanitizerLog } from './sanitizer-log.ts';
import { buildSanitizerReport, formatSanitizerTable, judgeSanitizerRun } from './sanitizer-report.ts';

const log = (errors: number | null, perKernel: Record<string, number> = {}): SanitizerLog => ({ tool: 'memcheck', errors, warnings: 0, perKernel, unattributed: 0, complete: errors !== null });

describe('sanitizer report', () => {
  it('shipped kernels must be clean, with a completed run', () => {
    expect(judgeSanitizerRun('kernels', 'memcheck', ['sample'], log(0), 'clean').ok).toBe(true);
    expect(judgeSanitizerRun('kernels', 'memcheck', ['sample'], log(2, { softmax: 2 }), 'clean').ok).toBe(false);
    expect(judgeSanitizerRun('kernels', 'memcheck', ['sample'], log(null), 'clean').ok).toBe(false);
  });
  it('a clean verdict needs tests that ran: zero errors over skipped or unreported tests fails, saying why', () => {
    const ran = judgeSanitizerRun('kernels', 'racecheck', ['topk'], log(0), 'clean', undefined, { tests: { passed: 3, failed: 0, skipped: 9 }, ms: 1200 });
    expect(ran).toMatchObject({ ok: true, tests: { passed: 3 }, ms: 1200 });
    const skipped = judgeSanitizerRun('kernels', 'racecheck', ['topk'], log(0), 'clean', undefined, { tests: { passed: 0, failed: 0, skipped: 12 }, ms: 900 });
    expect(skipped.ok).toBe(false);
    expect(skipped.note).toMatch(/no test ran under the tool/);
    expect(judgeSanitizerRun('kernels', 'racecheck', ['topk'], log(0), 'clean', 'vitest wrote no report', { tests: null, ms: 5 }).note).toBe(
      'vitest wrote no report; no test ran under the tool, so zero errors proves nothing',
    );
  });
  it('mutants must be caught', () => {
    expect(judgeSanitizerRun('mutant:x', 'racecheck', ['prefix-sum'], log(1), 'caught').ok).toBe(true);
    expect(judgeSanitizerRun('mutant:x', 'racecheck', ['prefix-sum'], log(0), 'caught').ok).toBe(false);
  });
  it('report ok only if every run is ok; the table names kernels', () => {
    const a = judgeSanitizerRun('kernels', 'memcheck', ['s'], log(0), 'clean');
    const b = judgeSanitizerRun('mutant:oob', 'memcheck', ['s'], log(3, { inclusive_prefix_sum: 3 }), 'caught', 'note');
    expect(buildSanitizerReport([a, b]).ok).toBe(true);
    expect(buildSanitizerReport([]).ok).toBe(false);
    expect(formatSanitizerTable(buildSanitizerReport([a, b]))).toContain('[inclusive_prefix_sum:3]');
  });
});
