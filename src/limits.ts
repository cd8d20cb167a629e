/**
 * Limits every layer shares: the fixtures and the reference accept what the binding may launch, the manifest
 * validator admits what the runner can enforce, the configuration bounds the budget the watchdog applies. Defined
 * here once so that src/ and harness/ read one value. The kernels' headers cannot import TypeScript: limits.test.ts
 * reads their vocabulary constant and fails when it drifts from this one.
 */

/**
 * Weights are summed in 32-bit fixed point held in float64 (docs/design.md, sampling step): each weight is at most
 * 2^32, so a row sum stays exact below 2^53 only while vocab < 2^21. The kernels' headers name this exclusive bound
 * `kMaxVocab` (kernels/include/row_tiles.h).
 */
export const VOCAB_BOUND = 2 ** 21;
/** The largest vocabulary any generator, reference or binding accepts. */
export const MAX_VOCAB = VOCAB_BOUND - 1;

/** The watchdog budget of one launch when nothing else is declared (ms). */
export const DEFAULT_BUDGET_MS = 500;
/** The largest watchdog budget (ms): a manifest budget above it could never be reached. */
export const MAX_BUDGET_MS = 600_000;

/** Threads per block on every supported device (CUDA and HIP alike). */
export const MAX_BLOCK = 1024;
/** Blocks in the x dimension of a grid on both vendors (2^31 - 1). */
export const MAX_GRID = 2 ** 31 - 1;
