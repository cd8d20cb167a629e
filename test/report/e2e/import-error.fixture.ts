// A test file whose top-level code throws, as a suite does when a configuration variable is malformed: no test runs.
import { test } from 'vitest';

throw new RangeError('SAMPLING_BUDGET_MS must be a number of milliseconds in (0, 600000], got NaN');

test('never collected', () => {});
