import { describe, expect, it } from 'vitest';
import { findSanitizer, sanitizerWrapper } from './sanitizer-run.ts';

describe('findSanitizer', () => {
  it('prefers $COMPUTE_SANITIZER, then PATH, then $CUDA_HOME/bin, then /usr/local/cuda/bin', () => {
    const has = (set: string[]) => (p: string) => set.includes(p);
    expect(findSanitizer({ COMPUTE_SANITIZER: '/x/cs' }, has([]))).toBe('/x/cs');
    expect(findSanitizer({ PATH: '/a:/b', CUDA_HOME: '/cuda' }, has(['/b/compute-sanitizer', '/cuda/bin/compute-sanitizer']))).toBe('/b/compute-sanitizer');
    expect(findSanitizer({ PATH: '/a', CUDA_HOME: '/cuda' }, has(['/cuda/bin/compute-sanitizer']))).toBe('/cuda/bin/compute-sanitizer');
    expect(findSanitizer({ PATH: '/a' }, has(['/usr/local/cuda/bin/compute-sanitizer']))).toBe('/usr/local/cuda/bin/compute-sanitizer');
    expect(findSanitizer({}, has([]))).toBe('compute-sanitizer');
  });
  it('wraps with the tool, all target processes and one log per process', () => {
    expect(sanitizerWrapper('racecheck', '/logs', '/cs')).toEqual(['/cs', '--tool', 'racecheck', '--target-processes', 'all', '--print-limit', '1000', '--log-file', '/logs/%p.log']);
  });
});
