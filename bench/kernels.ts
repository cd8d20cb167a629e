/**
 * GPU benchmark of the manifest's sampling, softmax and prefix-sum kernels.
 * Run: npx tsx bench/kernels.ts   (SAMPLING_KERNEL_DIR=<dir> benches a user's own kernel directory)
 * Per kernel × batch {1, 64, 256} × vocab {32000, 151936, 256000}, plus 1024 × 256000: median/p10/p90 GPU-event time
 * over ≥ 20 launches after warm-up, effective GB/s, % of this run's copy bandwidth, × one read of the input at copy
 * bandwidth, and for every row with a speed target (harness/bench/targets.ts) the ratio of the median to the
 * strictest bound, met or the gap. Every f16/bf16 variant of a benched kernel is timed at 64 × 151936 next to its fp32
 * base (half the input bytes: bytes moved and GB/s side by side, harness/bench/element-compare.ts; the targets are
 * stated for fp32 rows, so those rows carry none). Writes reports/bench.json and reports/bench.md. Without a GPU:
 * prints why, exits 0.
 * Filters: BENCH_KERNELS=<regex> benches only the entry points whose name matches; BENCH_SHAPES=64x151936,1x32000
 * replaces the batch × vocab grid by those shapes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchKindOf, BENCH_SCALARS, inputKindOf, targetFamilyOf } from '../harness/bench/bench-kind.ts';
import { benchesAt, elementBytes, elementOf, formatElementTable, isElementVariant } from '../harness/bench/element-compare.ts';
import { llmRows } from '../harness/bench/llm-rows.ts';
import { formatBenchTable, type BenchRow } from '../harness/bench/table.ts';
import { benchMetrics, evaluateTarget, LARGEST_SHAPE, type BenchMeasure, type TargetVerdict } from '../harness/bench/targets.ts';
import { summarizeTimings } from '../harness/bench/timing-stats.ts';
import type { BufferHandle, ModuleHandle } from '../harness/handles.ts';
import { detect, GpuRunner } from '../harness/index.ts';
import { bindKernel, compileEntry } from '../harness/kernel-binding.ts';
import { encodeElements } from '../src/manifest/elements.ts';
import { loadManifest } from '../src/manifest/load.ts';
import { rowInputOf } from '../src/manifest/roles.ts';
import type { ElementType, ManifestEntry } from '../src/manifest/types.ts';
import { writeArtifact } from '../scripts/write-artifact.ts';
import { config } from '../src/config/index.ts';
import { errorMessage } from '../src/errors.ts';
import { MAX_VOCAB } from '../src/limits.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const KERNEL_DIR = config().kernelDir;
const BATCHES = [1, 64, 256];
const VOCABS = [32_000, 151_936, 256_000];
const WARMUP = 3;
const TIMED = 30;
const TIMED_LARGEST = 20;
/** Distinct rows generated on the CPU per vocab; the device input repeats them to the batch. */
const BLOCK_ROWS = 16;

type InputKind = 'probs' | 'logits';

/** BENCH_SHAPES: "BxV,BxV" → vocab → batches, or null (the default grid). */
function shapeFilter(raw: string | undefined): Map<number, number[]> | null {
  if (raw === undefined || raw === '') return null;
  const out = new Map<number, number[]>();
  for (const part of raw.split(',')) {
    const m = /^\s*(\d+)x(\d+)\s*$/.exec(part);
    const batch = m ? Number(m[1]) : NaN;
    const vocab = m ? Number(m[2]) : NaN;
    if (!(batch >= 1 && batch <= 65_535 && vocab >= 1 && vocab <= MAX_VOCAB)) {
      throw new RangeError(`BENCH_SHAPES entries must be BATCHxVOCAB with batch in [1, 65535] and vocab in [1, ${MAX_VOCAB}], got ${JSON.stringify(part)}`);
    }
    out.set(vocab, [...(out.get(vocab) ?? []), batch]);
  }
  return out;
}

/**
 * The device input rows for one vocab, per row kind and element type (f16/bf16: the block encoded round to nearest
 * even): a generated block replicated by device copies; rebuilt after a worker death.
 */
class DeviceInputs {
  private handles = new Map<string, BufferHandle>();
  readonly setupMs = new Map<string, number>();

  constructor(private readonly gpu: GpuRunner, readonly vocab: number, readonly rows: number, private readonly block: { probs: Float32Array; logits: Float32Array }) {}

  async get(kind: InputKind, element: ElementType): Promise<BufferHandle> {
    const key = `${kind} ${element}`;
    const have = this.handles.get(key);
    if (have) return have;
    const t0 = performance.now();
    const bytes = element === 'f32' ? 4 : 2;
    const blockBytes = BLOCK_ROWS * this.vocab * bytes;
    const seed = await this.gpu.upload(element === 'f32' ? this.block[kind] : encodeElements(element, this.block[kind]));
    const all = await this.gpu.alloc(this.rows * this.vocab * bytes);
    for (let at = 0; at < all.bytes; at += blockBytes) await this.gpu.copy(all, at, seed, 0, Math.min(blockBytes, all.bytes - at));
    await this.gpu.free(seed);
    this.setupMs.set(key, performance.now() - t0);
    this.handles.set(key, all);
    return all;
  }

  /** The worker died (watchdog): its buffers are gone, not to be freed. */
  lost(): void {
    this.handles.clear();
  }

  async free(): Promise<void> {
    for (const h of this.handles.values()) await this.gpu.free(h).catch(() => undefined);
    this.handles.clear();
  }
}

function scalarsFor(entry: ManifestEntry): Record<string, number | bigint> {
  const out: Record<string, number | bigint> = {};
  for (const p of entry.params) {
    if (p.role !== 'scalar' || p.name === 'batch' || p.name === 'vocab') continue;
    if (p.type === 'u64') out[p.name] = p.name === 'seed' ? 0x5eedn : 0n;
    else out[p.name] = BENCH_SCALARS[p.name] ?? p.range?.[0] ?? 0;
  }
  return out;
}

async function timeOne(
  gpu: GpuRunner,
  entry: ManifestEntry,
  module: ModuleHandle,
  inputs: DeviceInputs,
  batch: number,
): Promise<{ row: BenchRow; measure: BenchMeasure | null }> {
  const kind = benchKindOf(entry);
  if (kind === null) throw new Error(`${entry.name} is not a benched kernel`);
  const vocab = inputs.vocab;
  const input = await inputs.get(inputKindOf(entry), elementOf(entry));
  const k = await bindKernel(gpu, entry, { batch, vocab }, { buffers: { [rowInputOf(entry).name]: input }, scalars: scalarsFor(entry) }, { module });
  const base = { kernel: entry.name, batch, vocab };
  const none: TargetVerdict = { target: null, met: null, gap: null, ratio: null };
  try {
    const n = batch === LARGEST_SHAPE.batch ? TIMED_LARGEST : TIMED;
    const ms: number[] = [];
    for (let i = 0; i < WARMUP + n; i++) {
      const r = await k.launch({ queuedTiming: true, ...(entry.rng ? { scalars: { offset: BigInt(i) } } : {}) });
      if (!r.ok) {
        if (r.kind === 'watchdog') inputs.lost();
        const why = r.kind === 'watchdog' ? `watchdog after ${r.elapsedMs.toFixed(0)} ms` : r.message;
        return { row: { ...base, timing: null, metrics: null, verdict: none, error: why }, measure: null };
      }
      if (i >= WARMUP) ms.push(r.ms);
    }
    const timing = summarizeTimings(ms);
    const inputBytes = batch * vocab * elementBytes(entry);
    const outputBytes = k.buffers.filter((b) => b.role === 'out' || b.role === 'inout').reduce((s, b) => s + b.bytes, 0);
    const measure: BenchMeasure = { kernel: entry.name, kind, family: targetFamilyOf(entry), batch, vocab, medianMs: timing.medianMs, inputBytes, outputBytes };
    return { row: { ...base, timing, metrics: null, verdict: none }, measure };
  } finally {
    await k.free();
  }
}

const FLOOR_BLOCK = 512;

/**
 * The GPU-event time of a kernel that does nothing, timed like every bench row (queued) and with the host's
 * submission latency left in: the part of a batch-1 time that is launch overhead rather than the kernel's work.
 * Reported beside the rows, never subtracted from them.
 */
async function launchFloor(gpu: GpuRunner, queuedTiming: boolean): Promise<ReturnType<typeof summarizeTimings>> {
  const module = await gpu.compile({ source: path.join(ROOT, 'harness', 'test-kernels', 'saxpy.hip'), includeDirs: [path.join(ROOT, 'harness', 'test-kernels')], name: 'launch_floor' });
  const out = await gpu.upload(new Int32Array(1));
  try {
    const ms: number[] = [];
    for (let i = 0; i < WARMUP + TIMED; i++) {
      const r = await gpu.launch({ module, fn: 'launch_floor', grid: { x: 1, y: 1, z: 1 }, block: { x: FLOOR_BLOCK, y: 1, z: 1 }, args: [{ type: 'ptr', buffer: out }], queuedTiming });
      if (!r.ok) throw new Error(`launch floor: ${r.kind === 'watchdog' ? 'watchdog' : r.message}`);
      if (i >= WARMUP) ms.push(r.ms);
    }
    return summarizeTimings(ms);
  } finally {
    await gpu.free(out);
  }
}

async function main(): Promise<void> {
  const found = await detect();
  if (!found.ok) {
    console.log(`bench/kernels.ts: no GPU, nothing to time: ${found.reason}`);
    return;
  }
  const manifest = loadManifest(KERNEL_DIR);
  const only = config().benchKernels;
  const shapes = shapeFilter(config().benchShapes ?? undefined);
  const entries = manifest.entries.filter((e) => benchKindOf(e) !== null && (only === null || only.test(e.name)) && (e.variantOf === undefined || isElementVariant(e)));
  await using gpu = await GpuRunner.open({ log: (l) => console.error(`[runner] ${l}`) });
  const info = gpu.info();
  const deviceLine = `${info.name} (${info.backend}, ${info.arch}, ${info.multiprocessors} SMs/CUs, warp ${info.warpSize}, driver ${info.driverVersion}); ${found.compiler}`;
  console.log(`device: ${deviceLine}`);
  const copy = await gpu.copyBandwidth({ bytes: 512 * 1024 * 1024, iterations: 20 });
  console.log(`copy bandwidth (D2D, read + write): ${copy.gbPerS.toFixed(0)} GB/s`);
  const floor = await launchFloor(gpu, true);
  const hostFloor = await launchFloor(gpu, false);
  const us = (ms: number): string => (ms * 1000).toFixed(1);
  console.log(`launch floor (empty kernel, one block of ${FLOOR_BLOCK}): ${us(floor.medianMs)} µs queued, ${us(hostFloor.medianMs)} µs with host submission`);

  const modules = new Map<string, ModuleHandle>();
  for (const e of entries) if (!modules.has(e.file)) modules.set(e.file, await compileEntry(gpu, manifest.dir, e));

  const rows: BenchRow[] = [];
  const setup: { vocab: number; rows: number; kind: string; ms: number }[] = [];
  for (const vocab of shapes ? [...shapes.keys()] : VOCABS) {
    const batches = shapes?.get(vocab) ?? (vocab === LARGEST_SHAPE.vocab ? [...BATCHES, LARGEST_SHAPE.batch] : BATCHES);
    const maxRows = Math.max(...batches);
    const t0 = performance.now();
    const block = llmRows(BLOCK_ROWS, vocab, vocab);
    console.error(`[bench] vocab ${vocab}: generated ${BLOCK_ROWS} rows in ${(performance.now() - t0).toFixed(0)} ms`);
    const inputs = new DeviceInputs(gpu, vocab, maxRows, block);
    for (const e of entries) {
      for (const batch of batches) {
        if (!benchesAt(e, batch, vocab)) continue;
        try {
          const { row, measure } = await timeOne(gpu, e, modules.get(e.file) as ModuleHandle, inputs, batch);
          const done = measure ? { ...row, metrics: benchMetrics(measure, copy.gbPerS), verdict: evaluateTarget(measure, copy.gbPerS) } : row;
          rows.push(done);
          console.error(`[bench] ${e.name} ${batch}×${vocab}: ${done.timing ? `${(done.timing.medianMs * 1000).toFixed(1)} µs` : `failed (${done.error})`}`);
        } catch (err) {
          inputs.lost();
          rows.push({ kernel: e.name, batch, vocab, timing: null, metrics: null, verdict: { target: null, met: null, gap: null, ratio: null }, error: errorMessage(err) });
        }
      }
    }
    for (const [kind, ms] of inputs.setupMs) setup.push({ vocab, rows: maxRows, kind, ms });
    await inputs.free();
  }

  const table = formatBenchTable(rows);
  const judged = rows.filter((r) => r.verdict.met !== null);
  const summary = `targets: ${judged.filter((r) => r.verdict.met).length} of ${judged.length} met; ${rows.filter((r) => r.timing === null).length} rows failed`;
  const setupLines = setup.map((s) => `- input ${s.kind} ${s.rows} × ${s.vocab} (${((s.rows * s.vocab * (s.kind.endsWith('f32') ? 4 : 2)) / 1e6).toFixed(0)} MB): ${s.ms.toFixed(0)} ms to upload ${BLOCK_ROWS} rows and replicate on the device`);
  const elementTable = formatElementTable(rows, manifest.entries);
  const elementLines = elementTable === '' ? [] : [`## fp32 vs 16-bit input`, ``, `Each f16/bf16 variant next to its fp32 base on the same rows (the 16-bit rows are the fp32 rows rounded to nearest even): bytes moved per call (input read + outputs written) and GB/s.`, ``, elementTable, ``];
  const md = [
    `# Kernel bench`,
    ``,
    `device: ${deviceLine}  `,
    `copy bandwidth (device-to-device, bytes read + written): ${copy.gbPerS.toFixed(0)} GB/s  `,
    `launch floor (a kernel that does nothing, one block of ${FLOOR_BLOCK}, timed like the rows): ${us(floor.medianMs)} µs median ` +
      `(${us(floor.p10Ms)}–${us(floor.p90Ms)} µs p10–p90); with the host's submission inside the events: ${us(hostFloor.medianMs)} µs  `,
    `median of ${TIMED} launches (${TIMED_LARGEST} at ${LARGEST_SHAPE.batch} × ${LARGEST_SHAPE.vocab}) after ${WARMUP} warm-up, GPU events around the kernel once it is queued (a hold kernel keeps the stream busy while the host submits: harness/runner.ts queuedTiming); ` +
      `GB/s = (one read of the input + outputs written) / median; × one read = median / (input bytes / copy bandwidth); ` +
      `× target = median / the strictest time the row's targets allow (≤ 1 is met; harness/bench/targets.ts).  `,
    summary,
    ``,
    table,
    ``,
    ...elementLines,
    ...setupLines,
    ``,
  ].join('\n');
  console.log(`\n${table}\n\n${elementTable === '' ? '' : `${elementTable}\n\n`}${summary}`);
  const outDir = config().reportDir;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'bench.md'), md);
  const json = writeArtifact('bench.json', { device: info, deviceLine, compiler: found.compiler, copyBandwidth: copy, launchFloor: floor, launchFloorHostInclusive: hostFloor, timing: 'queued', warmup: WARMUP, timed: TIMED, inputSetup: setup, rows }, outDir);
  console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'bench.md'))} and ${path.relative(process.cwd(), json)}`);
}

await main();
