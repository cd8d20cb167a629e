/**
 * The configuration is read in one place: no code outside src/config reads `process.env` (a setting read elsewhere
 * escapes the startup validation and the generated docs table), and inside it the raw environment is spread only
 * where a child process inherits it (childEnv). Test files and the top-level test/ folder may set up child
 * environments of their own; everything else that runs is scanned as text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './index.ts';

/** Folders of code that runs (the harness, its scripts and the suites' kit), relative to the repository. */
const SCANNED = ['src', 'harness', 'suites', 'scripts', 'bench', 'mutants', 'examples'];
const CONFIG_DIR = path.join('src', 'config');
const READ = /\bprocess\s*(?:\??\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\{[^{}]*\benv\b[^{}]*\}\s*=\s*process\b|from\s+['"](?:node:)?process['"]/;

function sourceFiles(dir: string): string[] {
  const abs = path.join(REPO_ROOT, dir);
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.(?:ts|mts|cts)$/.test(e.name) ? [rel] : [];
  });
}

/** Comments may name `process.env`; only code reads it. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** `file:line: text` of every line of `text` that reads the environment. */
function envReads(file: string, text: string): string[] {
  return code(text)
    .split('\n')
    .flatMap((line, i) => (READ.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('environment reads', () => {
  it('the scanner sees every way of reading it, and not a comment about it', () => {
    for (const line of ['const a = process.env.X;', "const b = process['env'];", 'const { env } = process;', "import { env } from 'node:process';", 'spawn(c, { env: { ...process.env } });', 'x = process?.env;']) {
      expect(envReads('f.ts', line), line).toHaveLength(1);
    }
    expect(envReads('f.ts', '// reads process.env\n/* process.env */ const env = childEnv();')).toEqual([]);
  });

  it('no non-test file outside src/config reads process.env', () => {
    const files = [...SCANNED.flatMap(sourceFiles), 'vitest.config.ts'].filter((f) => !f.endsWith('.test.ts') && !f.startsWith(CONFIG_DIR + path.sep));
    expect(files.length).toBeGreaterThan(100);
    const reads = files.flatMap((f) => envReads(f, readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(reads, `read the setting through config() (src/config) instead:\n${reads.join('\n')}`).toEqual([]);
  });

  it('inside src/config the raw environment is spread only by childEnv', () => {
    const index = readFileSync(path.join(REPO_ROOT, CONFIG_DIR, 'index.ts'), 'utf8');
    const childEnv = /export function childEnv\([\s\S]*?\n\}\n/.exec(index)?.[0] ?? '';
    expect(childEnv).toContain('...process.env');
    expect(index.replace(childEnv, '')).not.toContain('...process.env');
    const others = sourceFiles(CONFIG_DIR).filter((f) => !f.endsWith('.test.ts') && !f.endsWith('index.ts'));
    expect(others.flatMap((f) => envReads(f, readFileSync(path.join(REPO_ROOT, f), 'utf8')))).toEqual([]);
  });
});
