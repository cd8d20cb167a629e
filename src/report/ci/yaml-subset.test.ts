import { describe, expect, test } from 'vitest';
import { parseYamlSubset } from './yaml-subset.ts';

describe('parseYamlSubset', () => {
  test('mappings, sequences of mappings, flow sequences, quotes, comments, block scalars', () => {
    const doc = [
      'name: verify # trailing comment',
      '# a full-line comment',
      'on:',
      '  push:',
      '    branches: [main, "release/*"]',
      'jobs:',
      '  gpu:',
      '    runs-on: [self-hosted, rocm]',
      '    env:',
      "      A: 'it''s'",
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - name: run it',
      '        if: ${{ always() }}',
      '        run: |',
      '          echo "#not a comment"',
      '',
      '            indented',
      '        with:',
      '          path: reports/',
      '      - plain scalar',
      'list:',
      '- a',
      '- b: c',
    ].join('\n');
    expect(parseYamlSubset(doc)).toEqual({
      name: 'verify',
      on: { push: { branches: ['main', 'release/*'] } },
      jobs: {
        gpu: {
          'runs-on': ['self-hosted', 'rocm'],
          env: { A: "it's" },
          steps: [
            { uses: 'actions/checkout@v4' },
            { name: 'run it', if: '${{ always() }}', run: 'echo "#not a comment"\n\n  indented\n', with: { path: 'reports/' } },
            'plain scalar',
          ],
        },
      },
      list: ['a', { b: 'c' }],
    });
  });

  test('an empty value is null; a key may hold a URL-like scalar', () => {
    expect(parseYamlSubset('a:\nb: https://x.y/z\nc: ~')).toEqual({ a: null, b: 'https://x.y/z', c: null });
  });

  test('rejects what it does not understand, naming the line', () => {
    expect(() => parseYamlSubset('a: 1\n\tb: 2')).toThrow(/YAML line 2: tabs/);
    expect(() => parseYamlSubset('a:\n    b: 1\n  c: 2')).toThrow(/YAML line 3: unexpected indentation 2/);
    expect(() => parseYamlSubset('a: 1\na: 2')).toThrow(/YAML line 2: duplicate key a/);
    expect(() => parseYamlSubset('a: {b: 1}')).toThrow(/YAML line 1: unsupported YAML construct/);
    expect(() => parseYamlSubset('a: "open')).toThrow(/YAML line 1: unterminated/);
    expect(() => parseYamlSubset('just text')).toThrow(/YAML line 1: expected "key: value"/);
  });
});
