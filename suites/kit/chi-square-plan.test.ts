import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHI_SQUARE_FAMILIES, FILE_FAMILY_ALPHA, RUN_FALSE_FAILURE_RATE } from './chi-square-plan.ts';

const SUITES = path.resolve(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? testFiles(p) : d.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('chi-square false-failure budget', () => {
  it('splits the run-wide rate over exactly the samplingSuite() and speculativeSuite() calls under suites/', () => {
    const calls = testFiles(SUITES).reduce((n, f) => n + (readFileSync(f, 'utf8').match(/^\s*(samplingSuite|speculativeSuite)\(/gm)?.length ?? 0), 0);
    expect(calls).toBe(CHI_SQUARE_FAMILIES);
    expect(FILE_FAMILY_ALPHA * CHI_SQUARE_FAMILIES).toBeCloseTo(RUN_FALSE_FAILURE_RATE, 15);
  });
});
