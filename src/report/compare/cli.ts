/**
 * `npm run compare -- <base>/results.json <head>/results.json [--fail-on-slower 10%] [--out <dir>]`: writes
 * compare.html and compare.json into the report directory and exits 1 when the gate fails (a check that regressed,
 * a head run that is not VERIFIED, or with --fail-on-slower a measured slowdown beyond the threshold), 2 on bad usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareRuns, loadRun } from './compare.ts';
import { parsePercent } from './perf.ts';
import { renderCompare } from './render.ts';
import { errorMessage } from '../../errors.ts';

export const COMPARE_USAGE = 'usage: npm run compare -- <base>/results.json <head>/results.json [--fail-on-slower 10%] [--out <dir>]';

export interface CompareIo {
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
  /** The default output directory (the configured report directory). */
  readonly reportDir: string;
}

function parse(argv: readonly string[]): { base: string; head: string; failOnSlowerPct?: number; out?: string } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { 'fail-on-slower': { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length !== 2) throw new TypeError(`expected 2 results.json paths (base, head), got ${positionals.length}`);
  const [base, head] = positionals as [string, string];
  const pct = values['fail-on-slower'];
  return {
    base, head,
    ...(pct === undefined ? {} : { failOnSlowerPct: parsePercent('--fail-on-slower', pct) }),
    ...(values.out === undefined ? {} : { out: values.out }),
  };
}

export function runCompare(argv: readonly string[], io: CompareIo): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    io.error(`compare: ${errorMessage(e)}\n${COMPARE_USAGE}`);
    return 2;
  }
  try {
    const report = compareRuns(loadRun(args.base), loadRun(args.head), args.failOnSlowerPct === undefined ? {} : { failOnSlowerPct: args.failOnSlowerPct });
    const dir = args.out === undefined ? io.reportDir : resolve(args.out);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'compare.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(dir, 'compare.html'), renderCompare(report));
    for (const n of report.notes) io.log(`compare: ${n}`);
    for (const c of report.changes) io.log(`compare: ${c.kind}: ${c.text}`);
    io.log(`compare: wrote ${join(dir, 'compare.html')} and compare.json`);
    const f = report.failures;
    io.log(f.length === 0
      ? `compare verdict: NO REGRESSION — head VERIFIED, no check regressed${report.failOnSlowerPct === undefined ? '' : `, no measured slowdown above ${report.failOnSlowerPct}%`}`
      : `compare verdict: FAILED — ${f[0]}${f.length > 1 ? ` (and ${f.length - 1} more)` : ''}`);
    return f.length === 0 ? 0 : 1;
  } catch (e) {
    io.error(`compare: ${errorMessage(e)}`);
    return 2;
  }
}
