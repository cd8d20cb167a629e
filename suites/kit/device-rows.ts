/**
 * Big inputs without big transfers: a small block of distinct rows is generated on the CPU, uploaded once, and
 * replicated on the device (row r of the input is block row r mod blockRows). Generating and piping a
 * 1024 × 256000 batch through the worker's IPC took tens of seconds and gigabytes of parent heap per shape; a
 * 16-row block is a few MB and the copies run at device bandwidth.
 */
import type { BufferHandle } from '../../harness/handles.ts';
import type { GpuRunner } from '../../harness/runner.ts';
import { encodeElements, type ElementType } from '../../src/manifest/index.ts';
import type { RowBatch } from '../../src/types.ts';

/** Distinct rows per big input: enough variety for the checks, small enough to generate and upload quickly. */
export const DISTINCT_ROWS = 16;

/** What replication needs of a runner. */
export type RowCopier = Pick<GpuRunner, 'upload' | 'alloc' | 'copy' | 'free'>;

export interface DeviceRows {
  /** batch × vocab entries of the element type on the device; pass it to bindKernel as the input buffer. */
  readonly handle: BufferHandle;
  readonly batch: number;
  readonly vocab: number;
  /** The distinct rows, on the host: row r of the device input equals block row `blockRow(r)`. */
  readonly block: RowBatch<Float32Array>;
  blockRow(row: number): number;
}

function assertBatch(batch: number): void {
  if (!Number.isInteger(batch) || batch < 1 || batch > 2 ** 31 - 1) throw new RangeError(`batch must be an integer in [1, 2147483647], got ${batch}`);
}

/**
 * Uploads `block` and fills a new batch × vocab device buffer with it, repeated. Copies double the filled prefix
 * each time (log2(batch / blockRows) copies), so a 1 GB input takes a handful of requests. `element` is the type
 * the kernel reads (f16/bf16: the block is encoded round-to-nearest-even; pass rows already representable in it, so
 * `block` is exactly what the kernel reads). The caller frees `handle`; the uploaded block is freed here, also on
 * failure.
 */
export async function replicateRows(runner: RowCopier, block: RowBatch<Float32Array>, batch: number, element: ElementType = 'f32'): Promise<DeviceRows> {
  assertBatch(batch);
  if (block.batch < 1 || block.data.length !== block.batch * block.vocab) {
    throw new RangeError(`block must hold batch × vocab = ${block.batch} × ${block.vocab} values, got ${block.data.length}`);
  }
  const rowBytes = block.vocab * (element === 'f32' ? 4 : 2);
  const totalBytes = batch * rowBytes;
  const first = Math.min(block.batch, batch);
  const head = block.data.subarray(0, first * block.vocab);
  const seed = await runner.upload(element === 'f32' ? head : encodeElements(element, head));
  let all: BufferHandle | null = null;
  try {
    all = await runner.alloc(totalBytes);
    await runner.copy(all, 0, seed, 0, first * rowBytes);
    for (let filled = first * rowBytes; filled < totalBytes; filled *= 2) {
      await runner.copy(all, filled, all, 0, Math.min(filled, totalBytes - filled));
    }
  } catch (e) {
    if (all !== null) await runner.free(all).catch(() => undefined);
    throw e;
  } finally {
    await runner.free(seed).catch(() => undefined); // a dead worker already lost it
  }
  const blockRows = block.batch;
  return { handle: all, batch, vocab: block.vocab, block, blockRow: (row) => row % blockRows };
}

/** Per-row parameter arrays cut to the first `rows` rows (scalars unchanged): the params of the block's rows. */
export function firstRows<P extends object>(params: P, rows: number): P {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Array.isArray(v) ? v.slice(0, rows) : ArrayBuffer.isView(v) ? (v as Float32Array).slice(0, rows) : v;
  return out as P;
}
