import { describe, expect, it } from 'vitest';
import { findSanitizer, sanitizerWrapper } from './sanitizer-run.ts';

describe('findSanitizer', () => {
  it('prefers COMPUTE_SANITIZER, then PATH, then $CUDA_HOME/bin, then /usr/local/cuda/bin, else none', () => {
    const has = (set: string[]) => (p: string) => set.includes(p);
    const none = { explicit: null, pathDirs: [], cudaHome: null };
    expect(findSanitizer({ ...none, explicit: '/x/cs' }, has([]))).toBe('/x/cs');
    expect(findSanitizer({ ...none, pathDirs: ['/a', '/b'], cudaHome: '/cuda' }, has(['/b/compute-sanitizer', '/cuda/bin/compute-sanitizer']))).toBe('/b/compute-sanitizer');
    expect(findSanitizer({ ...none, pathDirs: ['/a'], cudaHome: '/cuda' }, has(['/cuda/bin/compute-sanitizer']))).toBe('/cuda/bin/compute-sanitizer');
    expect(findSanitizer({ ...none, pathDirs: ['/a'] }, has(['/usr/local/cuda/bin/compute-sanitizer']))).toBe('/usr/local/cuda/bin/compute-sanitizer');
    expect(findSanitizer(none, has([]))).toBeNull();
  });
  it('wraps with the tool, all target processes and one log per process', () => {
    expect(sanitizerWrapper('racecheck', '/logs', '/cs')).toEqual(['/cs', '--tool', 'racecheck', '--target-processes', 'all', '--print-limit', '1000', '--log-file', '/logs/%p.log']);
  });
});
