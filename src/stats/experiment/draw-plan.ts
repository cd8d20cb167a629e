/**
 * How a suite reaches its draw target: many rows holding the same probability row, over several launches.
 *
 * Row r of launch l draws the first output of the Philox engine (seed, subsequence = r, offset = baseOffset + l).
 * Independence: rocRAND puts the subsequence in counter words (z, w) and offset/4 in words (x, y), with offset % 4
 * selecting the output word. So (r, offset) ↦ (128-bit counter, word) is one-to-one for r < 2^64 and offsets
 * < 2^64 that do not wrap; every draw of the plan reads a different output word of one keyed Philox stream, and
 * Philox's outputs at distinct (counter, word) are modelled as independent uniforms (the generator's design
 * property, validated by its authors with TestU01 BigCrush). The offset step is 1 because every sampling kernel
 * consumes exactly one uniform per row (docs/design.md, "Randomness").
 */

export interface DrawPlanRequest {
  /** Tokens per row: an integer in [1, 2^31 − 1]. */
  readonly vocab: number;
  /** Draws wanted: an integer in [1, 2^53). The plan may overshoot by less than one launch's worth of rows. */
  readonly draws: number;
  /** Largest input upload per launch in bytes (rows × vocab × 4 for fp32 probabilities). */
  readonly maxUploadBytes: number;
  /** Offset of launch 0; default 0. */
  readonly baseOffset?: bigint;
}

export interface DrawPlan {
  readonly vocab: number;
  readonly rowsPerLaunch: number;
  readonly launches: number;
  /** rowsPerLaunch × launches ≥ the requested draws. */
  readonly totalDraws: number;
  readonly bytesPerLaunch: number;
  readonly baseOffset: bigint;
  /** 1: each launch consumes one uniform per row. */
  readonly offsetStep: bigint;
}

export const BYTES_PER_F32 = 4;
const MAX_ROWS = 2 ** 31 - 1;
const U64_LIMIT = 1n << 64n;

function assertIntegerIn(v: number, lo: number, hi: number, name: string): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
  }
}

/**
 * The fewest launches whose rows fit in `maxUploadBytes`; rows are then spread evenly over them so the overshoot
 * is below `launches` draws (not a whole extra launch).
 */
export function planDraws(req: DrawPlanRequest): DrawPlan {
  assertIntegerIn(req.vocab, 1, MAX_ROWS, 'vocab');
  assertIntegerIn(req.draws, 1, Number.MAX_SAFE_INTEGER, 'draws');
  const rowBytes = req.vocab * BYTES_PER_F32;
  if (!(Number.isFinite(req.maxUploadBytes) && req.maxUploadBytes >= rowBytes)) {
    throw new RangeError(
      `maxUploadBytes must be a finite number >= one row (vocab × 4 = ${rowBytes} bytes), got ${String(req.maxUploadBytes)}`,
    );
  }
  const baseOffset = req.baseOffset ?? 0n;
  if (typeof baseOffset !== 'bigint' || baseOffset < 0n || baseOffset >= U64_LIMIT) {
    throw new RangeError(`baseOffset must be a bigint in [0, 2^64), got ${String(baseOffset)}`);
  }
  const rowsThatFit = Math.min(Math.floor(req.maxUploadBytes / rowBytes), MAX_ROWS);
  const launches = Math.ceil(req.draws / rowsThatFit);
  const rowsPerLaunch = Math.ceil(req.draws / launches);
  if (baseOffset + BigInt(launches - 1) >= U64_LIMIT) {
    throw new RangeError(`baseOffset must leave room for ${launches} launches below 2^64, got ${baseOffset}`);
  }
  return {
    vocab: req.vocab,
    rowsPerLaunch,
    launches,
    totalDraws: rowsPerLaunch * launches,
    bytesPerLaunch: rowsPerLaunch * rowBytes,
    baseOffset,
    offsetStep: 1n,
  };
}

/** The Philox offset launch `launch` passes to the kernel. */
export function launchOffset(plan: DrawPlan, launch: number): bigint {
  assertIntegerIn(launch, 0, plan.launches - 1, 'launch');
  return plan.baseOffset + BigInt(launch) * plan.offsetStep;
}
