/**
 * Drafts a kernels manifest from the extern "C" __global__ signatures of a HIP/CUDA source:
 *
 *   npx tsx scripts/init-manifest.ts path/to/kernels.hip [--out path/to/manifest.json] [--grid EXPR] [--block EXPR] [--force]
 *
 * Types are filled in, roles and the contract guessed from names; every guess is listed in the entry's `review`
 * and what cannot be guessed is printed as a decision (its field holds a "DECIDE: …" placeholder). `--grid` and
 * `--block` give every entry the host's launch rule (e.g. --grid batch --block 'min(256, vocab)'). Without --out
 * the draft goes to stdout, its `file` paths relative to the source's directory.
 * Exit status: 0 the draft validates, 1 decisions remain (or it does not validate), 2 bad usage.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { draftManifest, type Draft } from '../src/manifest/draft/index.ts';
import { errorMessage } from '../src/errors.ts';

const USAGE = "usage: npx tsx scripts/init-manifest.ts path/to/kernels.hip [--out path/to/manifest.json] [--grid EXPR] [--block EXPR] [--force]";

export interface InitIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const consoleIo: InitIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function summary(draft: Draft, where: string): string {
  const lines = [`init-manifest: ${draft.entries.length} entries drafted → ${where}`];
  for (const e of draft.entries) lines.push(`  ${String(e.json.name)}: ${e.review.length} guesses to review (its "review" list)${e.decisions.length > 0 ? `, ${e.decisions.length} to decide` : ''}`);
  if (draft.decisions.length > 0) {
    lines.push(`still to decide (${draft.decisions.length}):`, ...draft.decisions.map((d) => `  - ${d}`));
  } else if (draft.invalid !== null) {
    lines.push(`the draft does not validate yet: ${draft.invalid}`);
  } else {
    lines.push('the draft validates; confirm each "review" note (the harness ignores them), then run one family with SAMPLING_KERNEL_DIR');
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI; returns the exit status. */
export function main(argv: readonly string[], io: InitIo = consoleIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { out: { type: 'string' }, grid: { type: 'string' }, block: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.err(`${errorMessage(e)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) return (io.out(`${USAGE}\n`), 0);
  if (positionals.length !== 1) return (io.err(`expected one source file, got ${positionals.length}\n${USAGE}\n`), 2);
  const source = resolve(positionals[0] as string);
  if (!existsSync(source) || !statSync(source).isFile()) return (io.err(`init-manifest: source '${source}' is not a file\n`), 2);
  const out = values.out === undefined ? undefined : resolve(values.out);
  if (out !== undefined && existsSync(out) && values.force !== true) return (io.err(`init-manifest: ${out} exists; pass --force to overwrite it\n`), 2);
  const dir = out === undefined ? dirname(source) : dirname(out);
  const launch = { ...(values.grid === undefined ? {} : { grid: values.grid }), ...(values.block === undefined ? {} : { block: values.block }) };
  let draft: Draft;
  try {
    draft = draftManifest(readFileSync(source, 'utf8'), {
      file: relative(dir, source).split('\\').join('/'),
      launch,
      fileExists: (f) => existsSync(join(dir, f)),
      manifestPath: out ?? join(dir, 'manifest.json'),
    });
  } catch (e) {
    io.err(`init-manifest: ${errorMessage(e)}\n`);
    return 2;
  }
  const text = `${JSON.stringify(draft.manifest, null, 2)}\n`;
  if (out === undefined) io.out(text);
  else writeFileSync(out, text);
  io.err(summary(draft, out ?? 'stdout'));
  return draft.decisions.length === 0 && draft.invalid === null ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
