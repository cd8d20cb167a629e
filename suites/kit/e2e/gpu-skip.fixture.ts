// Run by suites/kit/gpu.test.ts through vitest with SAMPLING_BACKEND=none: GPU blocks as a suite declares them.
import { expect, it } from 'vitest';
import { describeGpu } from '../gpu.ts';

describeGpu('a GPU block', () => {
  it('a GPU test', () => {
    expect.fail('a GPU test body ran without a GPU');
  });
  it.each([1, 2])('a GPU test per shape %i', () => {
    expect.fail('a GPU test body ran without a GPU');
  });
});
