/**
 * Writes the committed fixtures and fixtures/README.md: `npx tsx scripts/make-fixtures.ts`.
 * `--check` writes nothing and exits 1 if any committed file differs from what would be written.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '../src/errors.ts';
import { encodeFixture } from '../src/fixtures/fixture-file.ts';
import { buildFixtureSet, FIXTURES_DIR, renderFixturesReadme } from '../src/fixtures/fixture-set.ts';

function sameFile(path: string, content: Buffer): boolean {
  return existsSync(path) && readFileSync(path).equals(content);
}

const USAGE = 'usage: make-fixtures.ts [--check]';

function main(argv: readonly string[]): number {
  let check: boolean;
  try {
    check = parseArgs({ args: [...argv], options: { check: { type: 'boolean', default: false } } }).values.check;
  } catch (e) {
    console.error(`make-fixtures: ${errorMessage(e)}; ${USAGE}`);
    return 2;
  }
  const fixtures = buildFixtureSet();
  const outputs: [string, Buffer][] = [];
  for (const f of fixtures) {
    const { json, data } = encodeFixture(f);
    outputs.push([join(FIXTURES_DIR, `${f.name}.f32`), data], [join(FIXTURES_DIR, `${f.name}.json`), Buffer.from(json)]);
  }
  outputs.push([join(FIXTURES_DIR, 'README.md'), Buffer.from(renderFixturesReadme(fixtures))]);

  const stale = outputs.filter(([path, content]) => !sameFile(path, content)).map(([path]) => path);
  if (check) {
    for (const path of stale) console.error(`make-fixtures --check: ${path} differs from the generated content`);
    return stale.length === 0 ? 0 : 1;
  }
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const [path, content] of outputs) if (stale.includes(path)) writeFileSync(path, content);
  console.log(`make-fixtures: ${fixtures.length} fixtures, ${stale.length} file(s) written to ${FIXTURES_DIR}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
