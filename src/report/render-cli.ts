/**
 * Regenerates index.html next to a results.json: `npx tsx src/report/render-cli.ts reports/results.json [--out x.html]`.
 * Artifact files (compile-gates.json, bench.json, mutants.json, sanitizer.json) beside results.json are included,
 * so run it again after a script that writes one. Prints the verdict; exits 0 once the page is written, whatever the
 * verdict (the run that produced it already exited with its status), 1 on an unreadable file, 2 on bad usage.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { judgeArtifacts } from './artifact-judge.ts';
import { loadArtifacts } from './artifacts.ts';
import { loadResults } from './load-results.ts';
import { renderReport } from './render.ts';
import { verdictLine, verdictOf } from './verdict.ts';
import { errorMessage } from '../errors.ts';

const USAGE = 'usage: tsx src/report/render-cli.ts <results.json> [--out <index.html>]';

let input: string;
let output: string | undefined;
try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1) throw new TypeError(`expected one results.json path, got ${positionals.length}`);
  input = positionals[0] as string;
  output = values.out;
} catch (e) {
  process.stderr.write(`render-cli: ${errorMessage(e)}\n${USAGE}\n`);
  process.exit(2);
}
try {
  const target = output ?? join(dirname(input), 'index.html');
  const results = loadResults(input);
  const artifacts = loadArtifacts(dirname(input));
  writeFileSync(target, renderReport(results, artifacts));
  process.stdout.write(`wrote ${target}\n${verdictLine(verdictOf(results, judgeArtifacts(artifacts, results)))}\n`);
} catch (e) {
  process.stderr.write(`render-cli: ${errorMessage(e)}\n`);
  process.exit(1);
}
