import { expect, it } from 'vitest';
import { errorMessage } from './errors.ts';

it('errorMessage: an Error gives its message, anything else its text', () => {
  expect(errorMessage(new RangeError('k must be in [1, 2^31 - 1], got 0'))).toBe('k must be in [1, 2^31 - 1], got 0');
  expect(errorMessage('plain')).toBe('plain');
  expect(errorMessage(42)).toBe('42');
  expect(errorMessage(undefined)).toBe('undefined');
});
