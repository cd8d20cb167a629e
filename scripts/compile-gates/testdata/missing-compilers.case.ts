/**
 * Run by scripts/compile-gates.test.ts in a vitest of its own (not part of `npm test` by itself): the gate tests of
 * the shipped kernels on a machine where neither GPU compiler exists, once optional and once with hipcc required.
 */
import path from 'node:path';
import { describeCompileGates } from '../gate-tests.ts';

const dir = path.resolve(import.meta.dirname, '..', '..', '..', 'kernels');
const none = { nvcc: null, hipcc: null };
describeCompileGates('optional compilers', { dir, jobs: 1, required: [], compilers: none });
describeCompileGates('hipcc required', { dir, jobs: 1, required: ['hipcc'], compilers: none });
