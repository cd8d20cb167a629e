/**
 * Validated, JSON-safe record items. Kept free of vitest imports so results can be built and rendered outside
 * a test run (render CLI, synthetic reports).
 */
import type { CheckResult, Finding } from '../types.ts';
import { truncateHistogram } from './histogram.ts';
import type {
  BandwidthRecord,
  CheckRecord,
  ChiSquareRecord,
  CheckScope,
  DeviceRecord,
  JsonValue,
  NotApplicableRecord,
  MutantRecord,
  RecordedItem,
  ReplayRecord,
  ReproduceRecord,
  TimingRecord,
} from './schema.ts';
import {
  requireBoolean,
  requireObject,
  requireCounts,
  requireInteger,
  requireNumber,
  requireText,
  requireU64,
} from './validate.ts';

export const MAX_FINDINGS = 20;
const MAX_NAME = 200;

/** A ChiSquareRecord before truncation: the full histogram, any numeric array type, labels optional. */
export type ChiSquareInput = Omit<ChiSquareRecord, 'labels' | 'observed' | 'expected' | 'cells'> & {
  readonly observed: ArrayLike<number>;
  readonly expected: ArrayLike<number>;
  /** Cell labels; token indices when omitted. */
  readonly labels?: readonly string[];
};

/** A CheckRecord before truncation: every finding (the record keeps the first MAX_FINDINGS and their count). */
export type CheckInput = Omit<CheckRecord, 'findingCount'>;

/** A ReproduceRecord whose u64 seed may be given as a bigint or a safe integer (the record keeps decimal text). */
export type ReproduceInput = Omit<ReproduceRecord, 'seed'> & { readonly seed: bigint | number | string };

const kernelOf = (o: Record<string, unknown>, fn: string): string => requireText(`${fn}.kernel`, o.kernel, MAX_NAME);

function requireScope(name: string, v: unknown): CheckScope {
  if (v !== 'universal' && v !== 'contract') throw new TypeError(`${name} must be 'universal' or 'contract', got ${String(v)}`);
  return v;
}

function optional<T>(value: unknown, check: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}

/** JSON would turn NaN into null and lose the very value that failed; keep it as text. */
function jsonSafeFinding(f: Finding, i: number): Finding {
  const o = requireObject(`check.findings[${i}]`, f);
  const values: Record<string, number | string | boolean | null> = {};
  if (o.values !== undefined) {
    for (const [key, v] of Object.entries(requireObject(`check.findings[${i}].values`, o.values))) {
      if (typeof v === 'number') values[key] = Number.isFinite(v) ? v : String(v);
      else if (typeof v === 'string' || typeof v === 'boolean' || v === null) values[key] = v;
      else throw new TypeError(`check.findings[${i}].values.${key} must be a number, string, boolean or null`);
    }
  }
  return {
    row: requireInteger(`check.findings[${i}].row`, o.row, -1),
    ...(o.index === undefined ? {} : { index: requireInteger(`check.findings[${i}].index`, o.index, -1) }),
    message: requireText(`check.findings[${i}].message`, o.message),
    ...(o.values === undefined ? {} : { values }),
  };
}

function assertJson(name: string, value: unknown, depth = 0): JsonValue {
  if (depth > 32) throw new RangeError(`${name} nests deeper than 32 levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return requireNumber(name, value);
  if (Array.isArray(value)) return value.map((v, i) => assertJson(`${name}[${i}]`, v, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = assertJson(`${name}.${k}`, v, depth + 1);
    return out;
  }
  throw new TypeError(`${name} must be JSON data (null, string, finite number, boolean, array, plain object)`);
}

/** Builds the validated, JSON-safe items for each record kind. */
export const buildItem = {
  timing(input: TimingRecord): RecordedItem {
    const o = requireObject('timing', input);
    const bytes = optional(o.bytes, (v) => requireInteger('timing.bytes', v));
    return {
      kind: 'timing',
      data: {
        kernel: kernelOf(o, 'timing'),
        batch: requireInteger('timing.batch', o.batch, 1),
        vocab: requireInteger('timing.vocab', o.vocab, 1),
        ms: requireNumber('timing.ms', o.ms, 0),
        budgetMs: requireNumber('timing.budgetMs', o.budgetMs, Number.MIN_VALUE),
        ...(bytes === undefined ? {} : { bytes }),
      },
    };
  },
  chiSquare(input: ChiSquareInput): RecordedItem {
    const o = requireObject('chiSquare', input);
    const observed = requireCounts('chiSquare.observed', o.observed);
    const expected = requireCounts('chiSquare.expected', o.expected);
    if (observed.length !== expected.length) {
      throw new RangeError(`chiSquare.expected must have observed's length ${observed.length}, got ${expected.length}`);
    }
    const labels =
      o.labels === undefined
        ? observed.map((_, i) => String(i))
        : Array.from(o.labels as readonly unknown[], (v, i) => requireText(`chiSquare.labels[${i}]`, v, MAX_NAME));
    if (labels.length !== observed.length) {
      throw new RangeError(`chiSquare.labels must have observed's length ${observed.length}, got ${labels.length}`);
    }
    const holmAdjusted = optional(o.holmAdjusted, (v) => requireNumber('chiSquare.holmAdjusted', v, 0, 1));
    const hist = truncateHistogram(observed, expected, labels);
    const data: ChiSquareRecord = {
      kernel: kernelOf(o, 'chiSquare'),
      case: requireText('chiSquare.case', o.case, MAX_NAME),
      draws: requireInteger('chiSquare.draws', o.draws, 1),
      pValue: requireNumber('chiSquare.pValue', o.pValue, 0, 1),
      ...(holmAdjusted === undefined ? {} : { holmAdjusted }),
      df: requireInteger('chiSquare.df', o.df, 1),
      minDetectableTv: requireNumber('chiSquare.minDetectableTv', o.minDetectableTv, 0, 1),
      power: requireNumber('chiSquare.power', o.power, 0, 1),
      ...hist,
      cells: observed.length,
    };
    return { kind: 'chiSquare', data };
  },
  check(input: CheckInput): RecordedItem {
    const o = requireObject('check', input);
    if (!Array.isArray(o.findings)) throw new TypeError('check.findings must be an array of findings');
    const findings = (o.findings as Finding[]).slice(0, MAX_FINDINGS).map(jsonSafeFinding);
    const ok = requireBoolean('check.ok', o.ok);
    if (ok && o.findings.length > 0) {
      throw new RangeError(`check.ok is true but check.findings has ${o.findings.length} entries (ok iff no findings)`);
    }
    const caseName = optional(o.case, (v) => requireText('check.case', v));
    const scope = optional(o.scope, (v) => requireScope('check.scope', v));
    const data: CheckRecord = {
      kernel: kernelOf(o, 'check'),
      check: requireText('check.check', o.check, MAX_NAME),
      ...(caseName === undefined ? {} : { case: caseName }),
      ok,
      checked: requireInteger('check.checked', o.checked),
      findings,
      findingCount: o.findings.length,
      ...(scope === undefined ? {} : { scope }),
    };
    return { kind: 'check', data };
  },
  notApplicable(input: NotApplicableRecord): RecordedItem {
    const o = requireObject('notApplicable', input);
    return {
      kind: 'notApplicable',
      data: {
        kernel: kernelOf(o, 'notApplicable'),
        check: requireText('notApplicable.check', o.check, MAX_NAME),
        declared: requireText('notApplicable.declared', o.declared, MAX_NAME),
      },
    };
  },
  /** A src/checks CheckResult as produced, named by its stage. */
  checkResult(kernel: string, result: CheckResult, caseName?: string, scope?: CheckScope): RecordedItem {
    const r = requireObject('checkResult result', result);
    const detail = requireObject('checkResult result.detail', r.detail);
    return buildItem.check({
      kernel,
      check: r.stage as string,
      ...(caseName === undefined ? {} : { case: caseName }),
      ok: r.ok as boolean,
      checked: detail.checked as number,
      findings: detail.findings as readonly Finding[],
      ...(scope === undefined ? {} : { scope }),
    });
  },
  bandwidth(input: BandwidthRecord): RecordedItem {
    const o = requireObject('bandwidth', input);
    return {
      kind: 'bandwidth',
      data: {
        kernel: kernelOf(o, 'bandwidth'),
        shape: requireText('bandwidth.shape', o.shape, MAX_NAME),
        gbps: requireNumber('bandwidth.gbps', o.gbps, 0),
        pctOfCopy: requireNumber('bandwidth.pctOfCopy', o.pctOfCopy, 0),
      },
    };
  },
  replay(input: ReplayRecord): RecordedItem {
    const o = requireObject('replay', input);
    const rows = requireInteger('replay.rows', o.rows);
    const data: ReplayRecord = {
      kernel: kernelOf(o, 'replay'),
      rows,
      exact: requireInteger('replay.exact', o.exact, 0, rows),
      nearBoundary: requireInteger('replay.nearBoundary', o.nearBoundary, 0, rows),
      mismatches: requireInteger('replay.mismatches', o.mismatches, 0, rows),
    };
    return { kind: 'replay', data };
  },
  reproduce(input: ReproduceInput): RecordedItem {
    const o = requireObject('reproduce', input);
    const fixture = optional(o.fixture, (v) => requireText('reproduce.fixture', v));
    return {
      kind: 'reproduce',
      data: {
        kernel: kernelOf(o, 'reproduce'),
        command: requireText('reproduce.command', o.command),
        seed: requireU64('reproduce.seed', o.seed),
        ...(fixture === undefined ? {} : { fixture }),
      },
    };
  },
  mutant(input: MutantRecord): RecordedItem {
    const o = requireObject('mutant', input);
    const killedBy = optional(o.killedBy, (v) => requireText('mutant.killedBy', v));
    return {
      kind: 'mutant',
      data: {
        kernel: kernelOf(o, 'mutant'),
        mutant: requireText('mutant.mutant', o.mutant, MAX_NAME),
        killed: requireBoolean('mutant.killed', o.killed),
        ...(killedBy === undefined ? {} : { killedBy }),
      },
    };
  },
  device(input: DeviceRecord): RecordedItem {
    const o = requireObject('device', input);
    const available = requireBoolean('device.available', o.available);
    if (!available && o.reason === undefined) {
      throw new TypeError('device.reason is required when device.available is false (say why GPU tests are skipped)');
    }
    const data: Record<string, string | number | boolean> = { available };
    for (const key of ['reason', 'name', 'vendor', 'arch', 'runtime', 'compiler', 'driver'] as const) {
      const v = optional(o[key], (x) => requireText(`device.${key}`, x));
      if (v !== undefined) data[key] = v;
    }
    for (const key of ['memoryBytes', 'multiprocessors', 'warpSize'] as const) {
      const v = optional(o[key], (x) => requireInteger(`device.${key}`, x, 1));
      if (v !== undefined) data[key] = v;
    }
    return { kind: 'device', data: data as unknown as DeviceRecord };
  },
  section(name: string, data: JsonValue): RecordedItem {
    return { kind: 'section', data: { name: requireText('section name', name, MAX_NAME), data: assertJson('section data', data) } };
  },
} as const;

