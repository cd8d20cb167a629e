/**
 * The single-run report of a full GPU run of the 20 shipped kernels, every artifact included, stays one small
 * offline file: its size does not grow with the number of recorded runs, only with kernels, checks and shapes.
 */
import { describe, expect, test } from 'vitest';
import type { Artifacts } from './artifacts.ts';
import { renderReport } from './render.ts';
import { realisticArtifacts, realisticResults } from '../../test/report/realistic.ts';

const MAX_BYTES = 300_000;

function artifacts(): Artifacts {
  const a = realisticArtifacts();
  return {
    bench: { status: 'loaded', data: a.bench },
    'compile-gates': { status: 'loaded', data: a['compile-gates'] },
    mutation: { status: 'loaded', data: a.mutation },
    sanitizer: { status: 'loaded', data: a.sanitizer },
  };
}

describe('report size for the shipped kernels', () => {
  test.each([['green', false], ['with failures', true]])('%s: under 300 KB, every kernel in the matrix', (_label, failing) => {
    const results = realisticResults({ failing });
    const html = renderReport(results, artifacts());
    const bytes = Buffer.byteLength(html);
    console.log(`report size (${_label}): ${(bytes / 1024).toFixed(1)} KiB; results.json ${(Buffer.byteLength(JSON.stringify(results)) / 1024).toFixed(0)} KiB`);
    expect(bytes).toBeLessThan(MAX_BYTES);
    expect(html.match(/<th class="row">/g)?.length).toBeGreaterThanOrEqual(20);
    expect(html).toContain(failing ? 'class="verdict failed"' : 'class="verdict verified"');
  });
});
