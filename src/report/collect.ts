/** Turns what the reporter gathered (test entries + recorded items) into the results.json object. */
import {
  REPORT_SCHEMA_VERSION,
  type DeviceRecord,
  type FileError,
  type JsonValue,
  type KernelResults,
  type RecordedItem,
  type ReportResults,
  type RunRecord,
  type TestEntry,
  type TestError,
} from './schema.ts';

/** Items recorded on one task; `source` names it ("file > test" or "file > suite"). */
export interface ItemsFrom {
  readonly source: string;
  readonly items: readonly RecordedItem[];
}

export interface CollectInput {
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly run?: RunRecord;
  readonly fileErrors?: readonly FileError[];
  readonly commit?: string;
  readonly environment: ReportResults['environment'];
  readonly tests: readonly TestEntry[];
  readonly recorded: readonly ItemsFrom[];
  readonly unhandledErrors: readonly TestError[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

function emptyKernel(): Mutable<KernelResults> {
  return { checks: [], notApplicable: [], timings: [], chiSquare: [], bandwidth: [], replay: [], reproduce: [], mutants: [] };
}

/** The first device that ran GPU tests wins; otherwise the first reason they did not. */
function pickDevice(devices: readonly DeviceRecord[]): DeviceRecord | undefined {
  return devices.find((d) => d.available) ?? devices[0];
}

export function buildResults(input: CollectInput): ReportResults {
  // A Map, not an object literal: kernel names are untrusted and "__proto__" must stay an ordinary key.
  const kernels = new Map<string, Mutable<KernelResults>>();
  const sections = new Map<string, JsonValue[]>();
  const devices: DeviceRecord[] = [];
  const kernel = (name: string): Mutable<KernelResults> => {
    let k = kernels.get(name);
    if (k === undefined) kernels.set(name, (k = emptyKernel()));
    return k;
  };
  for (const { source, items } of input.recorded) {
    for (const item of items) {
      switch (item.kind) {
        case 'timing': kernel(item.data.kernel).timings.push({ ...item.data, test: source }); break;
        case 'chiSquare': kernel(item.data.kernel).chiSquare.push({ ...item.data, test: source }); break;
        case 'check': kernel(item.data.kernel).checks.push({ ...item.data, test: source }); break;
        case 'notApplicable': kernel(item.data.kernel).notApplicable.push({ ...item.data, test: source }); break;
        case 'bandwidth': kernel(item.data.kernel).bandwidth.push({ ...item.data, test: source }); break;
        case 'replay': kernel(item.data.kernel).replay.push({ ...item.data, test: source }); break;
        case 'reproduce': kernel(item.data.kernel).reproduce.push({ ...item.data, test: source }); break;
        case 'mutant': kernel(item.data.kernel).mutants.push({ ...item.data, test: source }); break;
        case 'device': devices.push(item.data); break;
        case 'section': {
          const list = sections.get(item.data.name) ?? [];
          list.push(item.data.data);
          sections.set(item.data.name, list);
          break;
        }
        default: {
          // Items come from a JSON channel; an unknown kind means a newer recorder, keep it visible.
          const unknown = item as { kind?: unknown; data?: unknown };
          const list = sections.get(`unknown:${String(unknown.kind)}`) ?? [];
          list.push(JSON.parse(JSON.stringify(unknown.data ?? null)) as JsonValue);
          sections.set(`unknown:${String(unknown.kind)}`, list);
        }
      }
    }
  }
  const count = (state: TestEntry['state']): number => input.tests.filter((t) => t.state === state).length;
  const byName = <V>(m: Map<string, V>): [string, V][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const device = pickDevice(devices);
  return {
    schema: REPORT_SCHEMA_VERSION,
    createdAt: input.createdAt,
    ...(input.startedAt === undefined ? {} : { startedAt: input.startedAt }),
    ...(input.run === undefined ? {} : { run: input.run }),
    git: input.commit === undefined ? {} : { commit: input.commit },
    ...(device === undefined ? {} : { device }),
    environment: input.environment,
    summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
    kernels: Object.fromEntries(byName(kernels)),
    sections: Object.fromEntries(byName(sections)),
    unhandledErrors: input.unhandledErrors,
    ...(input.fileErrors === undefined ? {} : { fileErrors: input.fileErrors }),
    tests: input.tests,
  };
}
