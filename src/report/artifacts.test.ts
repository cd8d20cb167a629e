import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ARTIFACT_IDS, ARTIFACTS, loadArtifacts, parseArtifact } from './artifacts.ts';

const dir = mkdtempSync(join(tmpdir(), 'report-artifacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadArtifacts', () => {
  test('an empty directory: every artifact absent', () => {
    const a = loadArtifacts(join(dir, 'does-not-exist'));
    for (const id of ARTIFACT_IDS) expect(a[id]).toEqual({ status: 'absent' });
  });

  test('valid JSON loads; bad JSON and an unreadable entry become warnings naming the file', () => {
    const d = join(dir, 'mixed');
    mkdirSync(d);
    writeFileSync(join(d, 'bench.json'), JSON.stringify({ rows: [] }));
    writeFileSync(join(d, 'mutants.json'), '{"mutants": [');
    mkdirSync(join(d, 'sanitizer.json'));
    const a = loadArtifacts(d);
    expect(a.bench).toEqual({ status: 'loaded', data: { rows: [] } });
    expect(a.mutation).toMatchObject({ status: 'invalid', warning: expect.stringMatching(/^mutants\.json is not valid JSON: /) });
    expect(a.sanitizer).toMatchObject({ status: 'invalid', warning: expect.stringMatching(/^sanitizer\.json could not be read: .*EISDIR/) });
    expect(a['compile-gates']).toEqual({ status: 'absent' });
  });

  test('every artifact names its file and the command that produces it', () => {
    expect(ARTIFACT_IDS.map((id) => ARTIFACTS[id].file)).toEqual(['compile-gates.json', 'bench.json', 'mutants.json', 'sanitizer.json']);
    expect(ARTIFACTS['compile-gates'].command).toBe('npx tsx scripts/compile-gates.ts');
    expect(parseArtifact('', 'x.json')).toMatchObject({ status: 'invalid', warning: expect.stringContaining('x.json') });
  });
});
