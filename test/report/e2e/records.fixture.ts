// Run only by reporter.test.ts (not matched by the unit project's *.test.ts glob). One failing test is deliberate.
import { beforeAll, describe, expect, test } from 'vitest';
import { record, recordOn } from '../../../src/report/record.ts';

beforeAll(({}, file) => {
  recordOn(file).device({ available: true, name: 'fixture GPU', arch: 'sm_90', compiler: 'nvcc 13' });
});

describe('topk <b>', () => {
  test('passes with records', () => {
    record.check({ kernel: 'topk<x>', check: 'range', ok: true, checked: 10, findings: [] });
    record.timing({ kernel: 'topk<x>', batch: 4, vocab: 1000, ms: 0.25, budgetMs: 20, bytes: 16_000 });
    record.reproduce({ kernel: 'topk<x>', command: 'npx vitest run -t range', seed: 2n ** 64n - 1n });
  });

  test('fails after recording', () => {
    record.check({ kernel: 'topk<x>', check: 'ties', ok: false, checked: 2, findings: [{ row: 1, index: 7, message: 'tie dropped', values: { w: Number.NaN } }] });
    expect(1, 'deliberate failure').toBe(2);
  });

  test('skips with a reason', (ctx) => {
    ctx.skip('no GPU: fixture reason');
  });

  test.todo('not written yet');
});
