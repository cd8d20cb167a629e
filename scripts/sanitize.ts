/**
 * `npm run sanitize` (GPU, NVIDIA): the suites under compute-sanitizer memcheck and racecheck, on the shipped
 * kernels (must be clean) and on the corpus's sanitizer mutants (out-of-bounds → memcheck, race → racecheck; each
 * must be caught). Writes reports/sanitizer.json, prints a table; exit 1 unless every run is as expected.
 *   npx tsx scripts/sanitize.ts [--families a,b] [--only <mutant id>] [--timeout-s N]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { parseScriptArgs } from '../src/mutation/args.ts';
import { materializeMutant } from '../src/mutation/materialize.ts';
import { listFamilies } from '../src/mutation/run-vitest.ts';
import { buildSanitizerReport, formatSanitizerTable, judgeSanitizerRun, type SanitizerRunRecord } from '../src/mutation/sanitizer-report.ts';
import { runSuitesUnderSanitizer, sanitizedRunNote } from '../src/mutation/sanitizer-run.ts';
import { assertValidCorpus, SANITIZER_TOOLS, type MutantSpec } from '../src/mutation/spec.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Mutants that sanitizer mode must catch: those whose expected kill is a sanitizer tool. */
export function sanitizerMutants(corpus: readonly MutantSpec[], only: readonly string[]): MutantSpec[] {
  const all = corpus.filter((m) => m.expectedKill.by === 'sanitizer');
  if (only.length === 0) return all;
  const unknown = only.filter((id) => !all.some((m) => m.id === id));
  if (unknown.length > 0) throw new RangeError(`--only: ${unknown.join(', ')} not sanitizer mutants; they are: ${all.map((m) => m.id).join(', ')}`);
  return all.filter((m) => only.includes(m.id));
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseScriptArgs(argv);
  const mutants = sanitizerMutants(assertValidCorpus(MUTANT_CORPUS), args.only);
  const families = args.families ?? (await listFamilies(REPO_ROOT));
  if (families.length === 0) throw new RangeError('no suite families found under suites/ (pass --families a,b)');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sampling-sanitize-'));
  const runs: SanitizerRunRecord[] = [];
  try {
    const kernels = path.join(REPO_ROOT, 'kernels');
    for (const tool of SANITIZER_TOOLS) {
      console.log(`${tool}: shipped kernels, suites [${families.join(', ')}] ...`);
      const s = await runSuitesUnderSanitizer({ repoRoot: REPO_ROOT, tool, kernelDir: kernels, families, workDir: path.join(tmp, `kernels-${tool}`), timeoutMs: args.timeoutMs });
      runs.push(judgeSanitizerRun('kernels', tool, families, s.log, 'clean', sanitizedRunNote(s)));
    }
    for (const m of mutants) {
      if (m.expectedKill.by !== 'sanitizer') continue;
      const tool = m.expectedKill.tool;
      console.log(`${tool}: mutant ${m.id}, suites [${m.families.join(', ')}] ...`);
      const mat = await materializeMutant(m, kernels, path.join(tmp, m.id, 'kernels'));
      const s = await runSuitesUnderSanitizer({ repoRoot: REPO_ROOT, tool, kernelDir: mat.dir, families: m.families, workDir: path.join(tmp, m.id), timeoutMs: args.timeoutMs });
      runs.push(judgeSanitizerRun(`mutant:${m.id}`, tool, m.families, s.log, 'caught', sanitizedRunNote(s)));
    }
    const report = buildSanitizerReport(runs);
    await mkdir(path.join(REPO_ROOT, 'reports'), { recursive: true });
    await writeFile(path.join(REPO_ROOT, 'reports', 'sanitizer.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(formatSanitizerTable(report));
    return report.ok ? 0 : 1;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

runIfEntry(import.meta.url, main);
