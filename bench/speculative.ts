/**
 * GPU benchmark of the manifest's chain speculative samplers.
 * Run: npx tsx bench/speculative.ts [--shapes 64x4x151936,1x4x151936]   (BATCHxDRAFTxVOCAB; SAMPLING_KERNEL_DIR=<dir>
 * benches a user's kernel directory). Per entry, shape and draft/target pair kind (close: long accepted prefixes
 * and a residual or bonus draw; far: a residual draw at position 0; equal: every draft accepted, then the bonus
 * draw): median/p10/p90 GPU-event time over 30 queued launches after 3 warm-up (offset advanced by draft + 1 per
 * launch), and GB/s of one read of the rows the kernel validates ((2·draft + 1)·vocab fp32 per batch row) plus the
 * outputs. Writes reports/bench-speculative.json and .md. Without a GPU: prints why and exits 0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { summarizeTimings, type TimingStats } from '../harness/bench/timing-stats.ts';
import { detect, GpuRunner } from '../harness/index.ts';
import { bindKernel } from '../harness/kernel-binding.ts';
import { writeArtifact } from '../scripts/write-artifact.ts';
import { config } from '../src/config/index.ts';
import { errorMessage } from '../src/errors.ts';
import { MAX_VOCAB } from '../src/limits.ts';
import { loadManifest } from '../src/manifest/load.ts';
import type { ManifestEntry } from '../src/manifest/types.ts';
import { replicateRows } from '../suites/kit/device-rows.ts';
import { draftTables, drawDraftTokens, speculativePair, type PairKind } from '../suites/kit/speculative-inputs.ts';
import { speculativeCallOn } from '../suites/kit/speculative-run.ts';

const KERNEL_DIR = config().kernelDir;
const WARMUP = 3;
const TIMED = 30;
const PAIRS: readonly PairKind[] = ['close', 'far', 'equal'];
const DEFAULT_SHAPES = '64x4x151936,1x4x151936,256x4x32000';

interface Shape {
  readonly batch: number;
  readonly draft: number;
  readonly vocab: number;
}

interface Row extends Shape {
  readonly kernel: string;
  readonly pair: PairKind;
  readonly timing: TimingStats | null;
  readonly gbPerS: number | null;
  readonly error?: string;
}

function parseShapes(raw: string): Shape[] {
  return raw.split(',').map((part) => {
    const m = /^\s*(\d+)x(\d+)x(\d+)\s*$/.exec(part);
    const [batch, draft, vocab] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
    if (!(batch >= 1 && batch <= 65_535 && draft >= 1 && draft <= 256 && vocab >= 1 && vocab <= MAX_VOCAB)) {
      throw new RangeError(`--shapes entries must be BATCHxDRAFTxVOCAB with batch in [1, 65535], draft in [1, 256], vocab in [1, ${MAX_VOCAB}], got ${JSON.stringify(part)}`);
    }
    return { batch, draft, vocab };
  });
}

/** Bytes one launch moves at least: every draft and target row read once, the draft tokens, every output written. */
function bytesMoved(s: Shape): number {
  return s.batch * (((2 * s.draft + 1) * s.vocab + s.draft) * 4 + (s.draft + 1 + 3) * 4);
}

async function timeOne(gpu: GpuRunner, entry: ManifestEntry, s: Shape, kind: PairKind): Promise<Row> {
  const base = { kernel: entry.name, pair: kind, ...s };
  const pair = speculativePair(kind, s.draft, s.vocab, `bench-${kind}`);
  const draft = await replicateRows(gpu, { data: pair.draftRows, batch: 1, vocab: s.draft * s.vocab }, s.batch);
  const target = await replicateRows(gpu, { data: pair.targetRows, batch: 1, vocab: (s.draft + 1) * s.vocab }, s.batch);
  try {
    const tokens = drawDraftTokens(pair, draftTables(pair), s.batch, 0xbe9cn);
    const call = speculativeCallOn(entry, { draftProbs: draft.handle, draftTokens: tokens, targetProbs: target.handle }, s, 0x5eedn, 0n);
    await using k = await bindKernel(gpu, entry, call.shape, { buffers: call.buffers, scalars: call.scalars }, { kernelDir: KERNEL_DIR });
    const ms: number[] = [];
    for (let i = 0; i < WARMUP + TIMED; i++) {
      const r = await k.launch({ queuedTiming: true, scalars: { offset: BigInt(i * (s.draft + 1)) } });
      if (!r.ok) return { ...base, timing: null, gbPerS: null, error: r.kind === 'watchdog' ? `watchdog after ${r.elapsedMs.toFixed(0)} ms` : r.message };
      if (i >= WARMUP) ms.push(r.ms);
    }
    const timing = summarizeTimings(ms);
    return { ...base, timing, gbPerS: bytesMoved(s) / (timing.medianMs * 1e6) };
  } finally {
    for (const h of [draft.handle, target.handle]) await gpu.free(h).catch(() => undefined);
  }
}

function table(rows: readonly Row[], copyGbPerS: number): string {
  const us = (ms: number): string => (ms * 1000).toFixed(1);
  const lines = rows.map((r) =>
    r.timing === null || r.gbPerS === null
      ? `| ${r.kernel} | ${r.pair} | ${r.batch} | ${r.draft} | ${r.vocab} | — | — | — | — | — | **failed**: ${r.error ?? ''} |`
      : `| ${r.kernel} | ${r.pair} | ${r.batch} | ${r.draft} | ${r.vocab} | ${us(r.timing.medianMs)} | ${us(r.timing.p10Ms)} | ${us(r.timing.p90Ms)} | ${r.gbPerS.toFixed(0)} | ${((100 * r.gbPerS) / copyGbPerS).toFixed(1)} | |`,
  );
  return ['| kernel | pair | batch | draft | vocab | median µs | p10 µs | p90 µs | GB/s | % copy | |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |', ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { shapes: { type: 'string', default: DEFAULT_SHAPES } } });
  const shapes = parseShapes(values.shapes);
  const found = await detect();
  if (!found.ok) {
    console.log(`bench/speculative.ts: no GPU, nothing to time: ${found.reason}`);
    return;
  }
  const entries = loadManifest(KERNEL_DIR).entries.filter((e) => e.reference.op === 'chain-speculative');
  if (entries.length === 0) throw new RangeError(`${KERNEL_DIR}/manifest.json declares no chain-speculative entry`);
  await using gpu = await GpuRunner.open({ log: (l) => console.error(`[runner] ${l}`) });
  const copy = await gpu.copyBandwidth({ bytes: 512 * 1024 * 1024, iterations: 20 });
  const rows: Row[] = [];
  for (const e of entries) {
    for (const s of shapes) {
      for (const kind of PAIRS) {
        const row = await timeOne(gpu, e, s, kind).catch((err: unknown) => ({ kernel: e.name, pair: kind, ...s, timing: null, gbPerS: null, error: errorMessage(err) }));
        rows.push(row);
        console.error(`[bench] ${e.name} ${kind} ${s.batch}×${s.draft}×${s.vocab}: ${row.timing ? `${(row.timing.medianMs * 1000).toFixed(1)} µs` : `failed (${row.error})`}`);
      }
    }
  }
  const info = gpu.info();
  const md = [
    '# Speculative sampling bench',
    '',
    `device: ${info.name} (${info.backend}, ${info.arch}, ${info.multiprocessors} SMs/CUs); ${found.compiler}  `,
    `copy bandwidth (device-to-device, read + write): ${copy.gbPerS.toFixed(0)} GB/s  `,
    `median of ${TIMED} queued launches after ${WARMUP} warm-up; GB/s = ((2·draft + 1)·vocab·4 + draft·4 input bytes + outputs) per batch row / median.`,
    '',
    table(rows, copy.gbPerS),
    '',
  ].join('\n');
  console.log(`\n${table(rows, copy.gbPerS)}`);
  const outDir = config().reportDir;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'bench-speculative.md'), md);
  const json = writeArtifact('bench-speculative.json', { device: info, compiler: found.compiler, copyBandwidth: copy, warmup: WARMUP, timed: TIMED, rows }, outDir);
  console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'bench-speculative.md'))} and ${path.relative(process.cwd(), json)}`);
}

await main();
