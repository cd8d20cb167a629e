/**
 * The kit's surface for suite files is the table in suites/kit/README.md: a suite file that imports anything else
 * from the kit (or something the table does not name) fails here, so the README stays the list a reader can trust.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './kernel-dir.ts';

const SUITES = path.join(REPO_ROOT, 'suites');

/** module → names, from the README's "What a suite file may import" table. */
function allowedImports(): Map<string, Set<string>> {
  const readme = readFileSync(path.join(SUITES, 'kit', 'README.md'), 'utf8');
  const section = readme.split('## What a suite file may import')[1]?.split('\n## ')[0] ?? '';
  const allowed = new Map<string, Set<string>>();
  for (const m of section.matchAll(/^\| `([\w.-]+\.ts)` \| (.+) \|$/gm)) {
    allowed.set(m[1] as string, new Set([...(m[2] as string).matchAll(/`(\w+)`/g)].map((n) => n[1] as string)));
  }
  return allowed;
}

/** `module: name` for every name a suite file imports from the kit. */
function kitImports(text: string): string[] {
  return [...text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'\.\.\/kit\/([^']+)'/g)].flatMap((m) =>
    (m[1] as string).split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0] as string).filter((n) => n !== '').map((n) => `${m[2] as string}: ${n}`),
  );
}

const suiteFiles = readdirSync(SUITES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'kit')
  .flatMap((d) => readdirSync(path.join(SUITES, d.name)).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(d.name, f)));

describe('the kit surface a suite file may import (suites/kit/README.md)', () => {
  const allowed = allowedImports();

  it('the README lists the entry points, and this test reads them', () => {
    expect(allowed.get('sampling-suite.ts')?.has('samplingSuite')).toBe(true);
    expect(allowed.get('transform-suite.ts')?.has('transformSuite')).toBe(true);
    expect(kitImports("import { a, type B } from '../kit/x.ts';")).toEqual(['x.ts: a', 'x.ts: B']);
  });

  it.each(suiteFiles)('%s imports only what the README lists', (file) => {
    const text = readFileSync(path.join(SUITES, file), 'utf8');
    expect(kitImports(text).length, 'a suite file calls a suite of the kit').toBeGreaterThan(0);
    const outside = kitImports(text).filter((i) => {
      const [module, name] = i.split(': ') as [string, string];
      return !(allowed.get(module)?.has(name) ?? false);
    });
    expect(outside).toEqual([]);
    expect(text, 'imports reach the kit only through ../kit/').not.toMatch(/from '\.\.\/kit\/[^']*\/|from '\.\.\/\.\.\/(?:src|harness)\//);
  });
});
