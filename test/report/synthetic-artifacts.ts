/**
 * Synthetic artifact files in the shapes the scripts document (see artifacts.ts), for the rendering, CLI and browser
 * tests. Each holds one row that must be flagged, and one hostile string that must stay text.
 */
import type { JsonValue } from '../../src/report/schema.ts';
import { HOSTILE_KERNEL } from './synthetic.ts';

/** The shape scripts/compile-gates.ts writes: per file × target, a map kernel → resources. */
export const SYNTHETIC_COMPILE_GATES: JsonValue = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  manifestDir: 'kernels',
  ok: false,
  compilers: { nvcc: '/usr/local/cuda/bin/nvcc', hipcc: '/usr/bin/hipcc' },
  results: [
    { file: 'sampling.hip', target: 'sm_90', status: 'ok', command: 'nvcc -cubin -arch=sm_90 sampling.hip', durationMs: 5100, diagnostics: [], missingFunctions: [],
      kernels: { topp_sample: { registers: 40, sharedBytes: 4160, spillStoreBytes: 0, spillLoadBytes: 0 }, topk_sample: { registers: 38, sharedBytes: 4160 } } },
    { file: 'softmax.hip', target: 'gfx1030', status: 'ok', diagnostics: ['warning: loop not unrolled <vgpr>'], missingFunctions: [],
      kernels: { softmax: { sgprs: 18, vgprs: 20, sharedBytes: 256, scratchBytesPerLane: 0, occupancyWavesPerSimd: 16 } } },
    { file: 'renorm.hip', target: 'gfx90a', status: 'failed', reason: 'hipcc exited 1', diagnostics: ['error: use of undeclared identifier'], missingFunctions: ['renorm'], kernels: {} },
    { file: 'renorm.hip', target: 'sm_90', status: 'skipped', reason: 'nvcc not found', diagnostics: [], missingFunctions: [], kernels: {} },
  ],
  hostChecks: [{ name: 'libamdhip64 symbols', status: 'ok', output: '' }],
};

/** The shape bench/kernels.ts writes (harness/bench: BenchRow with timing, metrics, verdict). */
export const SYNTHETIC_BENCH: JsonValue = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  device: { name: 'NVIDIA H100 80GB HBM3', arch: 'sm_90' },
  deviceLine: 'NVIDIA H100 80GB HBM3 (sm_90, CUDA 13.0)',
  compiler: 'nvcc',
  copyBandwidth: { gbPerS: 2905.3, bytes: 536_870_912 },
  warmup: 5,
  timed: 20,
  inputSetup: [{ vocab: 151_936, rows: 256, kind: 'probs', ms: 120 }],
  rows: [
    { kernel: 'top_p_sampling_exact', batch: 64, vocab: 151_936,
      timing: { n: 20, medianMs: 0.051, p10Ms: 0.05, p90Ms: 0.053, minMs: 0.049, maxMs: 0.06 },
      metrics: { gbPerS: 760.4, pctOfCopy: 26.2, xOneRead: 1.9 }, verdict: { target: '≤ 3× one read', met: true, gap: null } },
    { kernel: 'softmax', batch: 64, vocab: 151_936,
      timing: { n: 20, medianMs: 0.041, p10Ms: 0.04, p90Ms: 0.043, minMs: 0.04, maxMs: 0.05 },
      metrics: { gbPerS: 1897.1, pctOfCopy: 65.3, xOneRead: 1.3 }, verdict: { target: '≥ 70 % of copy', met: false, gap: '4.7 points short' } },
    { kernel: 'prefix_sum', batch: 1024, vocab: 256_000, timing: null, metrics: null,
      verdict: { target: null, met: null, gap: null }, error: 'watchdog: launch exceeded 500 ms <killed>' },
  ],
};

/** The shape scripts/mutants.ts writes (src/mutation/report.ts). */
export const SYNTHETIC_MUTANTS: JsonValue = {
  version: 1,
  generatedAt: '2026-01-01T00:00:00.000Z',
  kernelDir: 'kernels',
  baseline: { ok: true, passed: 120, failed: 0, failures: [] },
  score: { total: 3, killed: 2, matched: 1, score: 2 / 3 },
  mutants: [
    { id: 'topk-off-by-one', bugClass: 'off-by-one', description: 'k+1 eligible', file: 'sampling.hip', killed: true,
      killedBy: ['topk › exact top-k set'], expectedKill: 'suite:topk:exact', matchedExpectation: true, ms: 21_000 },
    { id: 'topp-gt-vs-ge', bugClass: 'boundary', description: '> vs >= at the nucleus boundary', file: 'sampling.hip', killed: true,
      killedBy: ['topp › chi-square'], expectedKill: 'suite:topp:boundary', matchedExpectation: false, ms: 30_000 },
    { id: `seed-ignored${HOSTILE_KERNEL}`, bugClass: 'rng', description: 'seed ignored', file: 'sampling.hip', killed: false,
      killedBy: [], expectedKill: 'suite:sampling:seed', matchedExpectation: false, ms: 25_000 },
  ],
};

/** The shape scripts/sanitize.ts writes (src/mutation/sanitizer-report.ts): one run per tool × target. */
export const SYNTHETIC_SANITIZER: JsonValue = {
  version: 1,
  generatedAt: '2026-01-01T00:00:00.000Z',
  ok: false,
  runs: [
    { target: 'kernels', tool: 'memcheck', families: ['topp', 'topk'], errors: 0, warnings: 0, perKernel: {}, unattributed: 0, complete: true, expect: 'clean', ok: true },
    { target: 'kernels', tool: 'racecheck', families: ['topp', 'topk'], errors: 0, warnings: 0, perKernel: {}, unattributed: 0, complete: true, expect: 'clean', ok: true },
    { target: 'mutant:smem-oob', tool: 'memcheck', families: ['topp'], errors: 12, warnings: 0, perKernel: { top_p_sampling_exact: 12 }, unattributed: 0, complete: true, expect: 'caught', ok: true },
    { target: 'mutant:prefix-no-barrier', tool: 'racecheck', families: ['prefix'], errors: 0, warnings: 2, perKernel: {}, unattributed: 0, complete: true, expect: 'caught', ok: false },
  ],
};
