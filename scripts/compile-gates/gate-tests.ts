/**
 * The compile gates as vitest tests: one test per target, so a target whose compiler is not installed is a skipped
 * test carrying the reason (a failed one when that compiler is required), never a pass that compiled nothing.
 * The gates run once per registration, all targets side by side; each test judges its target's results.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS } from '../../harness/toolchain.ts';
import { loadManifest } from '../../src/manifest/index.ts';
import type { CompileGatesReport, CompileResult } from './report.ts';
import { runCompileGates, type CompileGatesOptions } from './run.ts';

export const GATE_TEST_TIMEOUT_MS = 600_000;

function failureSummary(results: readonly CompileResult[]): unknown[] {
  return results.filter((r) => r.status === 'failed').map((f) => ({ file: f.file, target: f.target, reason: f.reason, diagnostics: f.diagnostics, missing: f.missingFunctions }));
}

/** Registers the per-target tests and the host-check test; returns the (lazily run) report for further checks. */
export function describeCompileGates(title: string, options: CompileGatesOptions): { report(): Promise<CompileGatesReport> } {
  let run: Promise<CompileGatesReport> | null = null;
  const report = (): Promise<CompileGatesReport> => (run ??= runCompileGates(options));
  const manifest = loadManifest(options.dir);
  const targets = options.targets ?? manifest.targets ?? DEFAULT_TARGETS;
  const files = new Set(manifest.entries.map((e) => e.file)).size;
  describe(title, () => {
    for (const target of targets) {
      it(`compiles every manifest file for ${target}: no error, no warning, every manifest function compiled`, async (ctx) => {
        const mine = (await report()).results.filter((r) => r.target === target);
        expect(mine).toHaveLength(files);
        const skipped = mine.filter((r) => r.status === 'skipped');
        if (skipped.length === mine.length) ctx.skip(`${target} not compile-checked here: ${skipped[0]?.reason ?? 'skipped'}`);
        expect(failureSummary(mine)).toEqual([]);
        expect(mine.map((r) => r.status)).toEqual(mine.map(() => 'ok'));
      }, GATE_TEST_TIMEOUT_MS);
    }
    it('builds and passes the host Philox known-answer test', async (ctx) => {
      const checks = (await report()).hostChecks;
      expect(checks.length).toBeGreaterThan(0);
      for (const h of checks) if (h.status === 'skipped') ctx.skip(`${h.name}: ${h.output}`);
      expect(checks.map((h) => [h.name, h.status, h.status === 'ok' ? '' : h.output])).toEqual(checks.map((h) => [h.name, 'ok', '']));
    }, GATE_TEST_TIMEOUT_MS);
  });
  return { report };
}
