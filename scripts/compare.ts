/**
 * Base vs head review page: `npm run compare -- <base>/results.json <head>/results.json [--fail-on-slower 10%]`.
 * See src/report/compare/cli.ts for what it writes and when it exits non-zero.
 */
import { runCompare } from '../src/report/compare/cli.ts';
import { reportDir } from '../src/report/write-report.ts';

process.exitCode = runCompare(process.argv.slice(2), {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  reportDir: reportDir(),
});
