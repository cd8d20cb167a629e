/**
 * Regenerates index.html next to a results.json: `npx tsx src/report/render-cli.ts reports/results.json [out.html]`.
 * Artifact files (compile-gates.json, bench.json, mutants.json, sanitizer.json) beside results.json are included,
 * so run it again after a script that writes one.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadArtifacts } from './artifacts.ts';
import { loadResults } from './load-results.ts';
import { renderReport } from './render.ts';

const [input, output] = process.argv.slice(2);
if (input === undefined) {
  process.stderr.write('usage: tsx src/report/render-cli.ts <results.json> [out.html]\n');
  process.exit(2);
}
try {
  const target = output ?? join(dirname(input), 'index.html');
  writeFileSync(target, renderReport(loadResults(input), loadArtifacts(dirname(input))));
  process.stdout.write(`wrote ${target}\n`);
} catch (e) {
  process.stderr.write(`render-cli: ${(e as Error).message}\n`);
  process.exit(1);
}
