import { expect, test } from 'vitest';
import { mergeGluedKernels, splitKernelName } from './legacy-kernels.ts';
import type { KernelResults } from './schema.ts';

const empty: KernelResults = { checks: [], timings: [], chiSquare: [], bandwidth: [], replay: [], reproduce: [], mutants: [] };
const check = (kernel: string) => ({ kernel, check: 'valid-flags', ok: true, checked: 1, findings: [], findingCount: 0, test: 't' });

test('splitKernelName: identifier + rest is a glued case; clean names pass unchanged', () => {
  expect(splitKernelName('softmax 1×111 rows 0..0')).toEqual({ kernel: 'softmax', case: '1×111 rows 0..0' });
  expect(splitKernelName('top_k_sampling_exact (odd rows, new neighbours)')).toEqual({ kernel: 'top_k_sampling_exact', case: '(odd rows, new neighbours)' });
  expect(splitKernelName('softmax')).toEqual({ kernel: 'softmax' });
});

test('mergeGluedKernels: glued names fold into their manifest entry with the case moved onto the check', () => {
  const merged = mergeGluedKernels({
    softmax: { ...empty, checks: [check('softmax')], timings: [{ kernel: 'softmax', batch: 1, vocab: 2, ms: 1, budgetMs: 5, test: 't' }] },
    'softmax 99×32000': { ...empty, checks: [{ ...check('softmax 99×32000'), case: 'seed 1' }] },
    __proto__x: empty,
  });
  expect(Object.keys(merged)).toEqual(['softmax', '__proto__x']);
  expect(merged.softmax?.checks.map((c) => [c.kernel, c.case])).toEqual([['softmax', undefined], ['softmax', '99×32000 · seed 1']]);
  expect(merged.softmax?.timings).toHaveLength(1);
});
