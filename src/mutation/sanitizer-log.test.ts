import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeSanitizerLogs, parseSanitizerLog } from './sanitizer-log.ts';

// Outputs of compute-sanitizer 2025.3.1 on an H100 (trimmed to two printed records where noted).
const read = (n: string) => readFileSync(new URL(`./testdata/${n}.sample.log`, import.meta.url), 'utf8');

describe('parseSanitizerLog', () => {
  it('memcheck: total from the summary, printed records per kernel, the rest unattributed', () => {
    const l = parseSanitizerLog(read('memcheck-oob'));
    expect(l).toMatchObject({ tool: 'memcheck', errors: 65, complete: true, unattributed: 63, perKernel: { oob_write: 2 } });
  });
  it('racecheck: errors from the hazard summary, kernel from the record header', () => {
    const l = parseSanitizerLog(read('racecheck-race'));
    expect(l).toMatchObject({ tool: 'racecheck', errors: 1, warnings: 0, perKernel: { racy_scan: 1 }, unattributed: 0 });
  });
  it('clean runs', () => {
    expect(parseSanitizerLog(read('memcheck-clean'))).toMatchObject({ errors: 0, complete: true, perKernel: {} });
    expect(parseSanitizerLog(read('racecheck-clean'))).toMatchObject({ tool: 'racecheck', errors: 0, complete: true });
  });
  it('a process killed before its summary is incomplete but its records still count', () => {
    const l = parseSanitizerLog(read('memcheck-truncated'));
    expect(l).toMatchObject({ errors: null, complete: false, perKernel: { top_k_sampling_exact: 1 } });
  });
  it('older "at 0x.. in kernel" form and host API errors', () => {
    const t = '========= Invalid __global__ read of size 4\n=========     at 0x00000090 in softmax\n=========\n' +
      '========= Program hit cudaErrorLaunchFailure on CUDA API call to cuCtxSynchronize.\n=========\n========= ERROR SUMMARY: 2 errors\n';
    expect(parseSanitizerLog(t).perKernel).toEqual({ softmax: 1, '(host)': 1 });
  });
  it('no -lineinfo (the harness builds): "at <kernel>+0x.." with no file, as seen on the race mutant', () => {
    const t = '========= Error: Race reported between Write access at inclusive_prefix_sum+0x2470\n' +
      '=========     and Read access at inclusive_prefix_sum+0x24d0 [10636 hazards]\n' +
      '========= Error: Race reported between Write access at inclusive_prefix_sum+0x1fa0\n' +
      '=========     and Read access at inclusive_prefix_sum+0x2000 [10452 hazards]\n' +
      '========= RACECHECK SUMMARY: 2 hazards displayed (2 errors, 0 warnings)\n';
    expect(parseSanitizerLog(t)).toMatchObject({ errors: 2, perKernel: { inclusive_prefix_sum: 2 }, unattributed: 0 });
  });
  it('merges processes', () => {
    const m = mergeSanitizerLogs([parseSanitizerLog(read('memcheck-oob')), parseSanitizerLog(read('memcheck-clean'))]);
    expect(m).toMatchObject({ errors: 65, complete: true, perKernel: { oob_write: 2 } });
    expect(mergeSanitizerLogs([]).complete).toBe(false);
  });
});
