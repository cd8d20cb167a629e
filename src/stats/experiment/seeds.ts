/**
 * Recorded seeds for the statistical suites.
 *
 * One base seed per process; each suite derives its own seed from (base, suite name), so suites never share a
 * Philox stream by accident and one number reproduces a whole run. The base seed is, by precedence (both settings
 * parsed by the configuration, src/config):
 *   1. `SAMPLING_SEED` (decimal or 0x-hex u64): reproduce a printed run;
 *   2. `SAMPLING_FRESH_SEED=1`: a random base, printed once so a failure can be reproduced with (1);
 *   3. `DEFAULT_BASE_SEED`: deterministic runs by default.
 */
import { createHash, randomBytes } from 'node:crypto';
import { config } from '../../config/index.ts';

export const DEFAULT_BASE_SEED = 0x5a3b_17c2_9e40_d861n;

export type SeedOrigin = 'default' | 'SAMPLING_SEED' | 'fresh';

export interface BaseSeed {
  readonly seed: bigint;
  readonly origin: SeedOrigin;
}

export interface SeedSourceOptions {
  /** The chosen base seed (SAMPLING_SEED), null when none is; default config().seed. */
  readonly seed?: bigint | null;
  /** Whether to draw a fresh base seed (SAMPLING_FRESH_SEED); default config().freshSeed. */
  readonly fresh?: boolean;
  /** Source of 8 random bytes for fresh mode; default `crypto.randomBytes`. */
  readonly randomU64?: () => bigint;
  /** Where the fresh seed is announced; default stderr. */
  readonly log?: (line: string) => void;
}

export interface SeedSource {
  readonly base: BaseSeed;
  suiteSeed(name: string): bigint;
  describe(): string;
}

const U64_MAX = (1n << 64n) - 1n;

export const toHex64 = (v: bigint): string => `0x${v.toString(16).padStart(16, '0')}`;

const defaultRandomU64 = (): bigint => randomBytes(8).readBigUInt64LE(0);
const defaultLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Resolves the base seed (precedence in the file comment). */
export function resolveBaseSeed(opts: SeedSourceOptions = {}): BaseSeed {
  const explicit = opts.seed !== undefined ? opts.seed : config().seed;
  if (explicit !== null) {
    if (explicit < 0n || explicit > U64_MAX) throw new RangeError(`seed must be a u64 in [0, 2^64 - 1], got ${explicit}`);
    return { seed: explicit, origin: 'SAMPLING_SEED' };
  }
  if (opts.fresh ?? config().freshSeed) {
    const seed = (opts.randomU64 ?? defaultRandomU64)();
    if (seed < 0n || seed > U64_MAX) throw new RangeError(`randomU64 must return a u64, got ${seed}`);
    (opts.log ?? defaultLog)(`[sampling] fresh base seed ${toHex64(seed)}; reproduce with SAMPLING_SEED=${toHex64(seed)}`);
    return { seed, origin: 'fresh' };
  }
  return { seed: DEFAULT_BASE_SEED, origin: 'default' };
}

/** First 8 bytes (little endian) of SHA-256("<base hex>/<name>"): a stable, well-mixed u64 per suite. */
export function deriveSuiteSeed(base: bigint, name: string): bigint {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('name must be a non-empty string naming the suite or case');
  }
  return createHash('sha256').update(`${toHex64(base)}/${name}`).digest().readBigUInt64LE(0);
}

export function createSeedSource(opts: SeedSourceOptions = {}): SeedSource {
  const base = resolveBaseSeed(opts);
  return {
    base,
    suiteSeed: (name) => deriveSuiteSeed(base.seed, name),
    describe: () => {
      const how =
        base.origin === 'default' ? 'default recorded seed' : base.origin === 'fresh' ? 'fresh random seed' : 'from SAMPLING_SEED';
      return `base seed ${toHex64(base.seed)} (${how}); suite seed = first 8 bytes of sha256("<base>/<suite name>"); reproduce with SAMPLING_SEED=${toHex64(base.seed)}`;
    },
  };
}

// Resolved lazily and once per process, so fresh mode prints a single seed that every suite in the process shares.
let processSource: SeedSource | null = null;
const processSeeds = (): SeedSource => (processSource ??= createSeedSource());

/** The seed of suite `name` in this process (see the file comment for the settings). */
export function suiteSeed(name: string): bigint {
  return processSeeds().suiteSeed(name);
}

/** One line for the report: the base seed, where it came from, and how to reproduce the run. */
export function describeSeed(): string {
  return processSeeds().describe();
}
