/**
 * The shape of more than 2^31 elements (large-shape.ts) through every kernel of the directory, one row kind at a
 * time so that at most one input and one output of 8.6 GB are on the device. A device without the memory skips
 * the test with how much it needed and had; a launch, a flag, a token or a boundary row that disagrees with the
 * reference fails it.
 */
import { expect, it } from 'vitest';
import { planCall } from '../../harness/binding/call-plan.ts';
import type { BindBuffer } from '../../harness/kernel-binding.ts';
import type { BufferHandle } from '../../harness/handles.ts';
import type { GpuRunner } from '../../harness/runner.ts';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { record } from '../../src/report/record.ts';
import { suiteSeed } from '../../src/stats/experiment/index.ts';
import { DISTINCT_ROWS, replicateRows, type DeviceRows } from './device-rows.ts';
import { expectCheck } from './expect-check.ts';
import { paramsLabel } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { bindCall, launchedMs, type KernelCall } from './kernel-call.ts';
import { bindOptions, launchBudgetMs, suiteManifest } from './manifest.ts';
import { boundaryRows, deviceBytesNeeded, downloadRows, entriesReading, isSampler, LARGE_SHAPE, memoryShortfall, referenceAtRows, rowsAt, typicalParams } from './large-shape.ts';
import { replicatedSamplingChecks, replicatedValidFlags } from './replicated-checks.ts';
import { distinctRows, type InputKind } from './sampling-inputs.ts';
import { guaranteeChecks, readDraws, samplingCallOn } from './sampling-run.ts';
import { noteNotApplicable } from './sampling-expect.ts';
import { exactReplay, replayPromise, validFlagsPromise } from '../../src/checks/index.ts';
import { outputName, transformCall } from './transform-run.ts';
import { transformContractOf } from './transform-contracts.ts';

const { batch, vocab } = LARGE_SHAPE;
const COMMAND = 'npx vitest run suites/large-shape';

/** One sampler over the replicated input: every row's token and flag, the boundary rows replayed exactly. */
const seedOf = (e: ManifestEntry): bigint => suiteSeed(`large-shape/${e.name}`);

/** The one call each entry makes: typical parameters, the sampler's seed, offset 0. */
function callOf(e: ManifestEntry, input: BindBuffer): KernelCall {
  return isSampler(e) ? samplingCallOn(e, input, LARGE_SHAPE, typicalParams(e), seedOf(e), 0n) : transformCall(e, LARGE_SHAPE, input, typicalParams(e));
}

/**
 * Device bytes the entries' calls need besides the input, planned by the binding itself with the input as a device
 * buffer (no memory limit applied here: too little memory is a skip, not a failure).
 */
export function callBytes(runner: Pick<GpuRunner, 'info'>, entries: readonly ManifestEntry[]): number[] {
  const placeholder: BufferHandle = { kind: 'buffer', id: -1, bytes: 4 * batch * vocab, generation: -1 };
  const device = { ...runner.info(), totalMemBytes: Number.MAX_SAFE_INTEGER };
  return entries.map((e) => {
    const { batch: _b, vocab: _v, ...inputs } = callOf(e, placeholder);
    return planCall(e, LARGE_SHAPE, inputs, device).deviceBytes;
  });
}

async function checkSampler(runner: GpuRunner, e: ManifestEntry, input: DeviceRows): Promise<void> {
  const params = typicalParams(e);
  const seed = seedOf(e);
  const bound = await bindCall(runner, e, callOf(e, input.handle), bindOptions());
  try {
    const ms = launchedMs(e.name, await bound.launch());
    recordTiming(e, ms, 4 * batch * vocab + 8 * batch);
    const draws = await readDraws(bound);
    const reproduce = { seed, offset: 0n, command: COMMAND };
    const caseName = `${batch}×${vocab} (${paramsLabel(params)})`;
    for (const c of replicatedSamplingChecks(e, input, draws.token, draws.valid)) expectCheck(c.result, { kernel: e.name, case: caseName, reproduce, scope: c.scope });
    const rows = boundaryRows();
    const chosen = rowsAt(input, rows);
    const valid = draws.valid;
    const launch = { token: Float64Array.from(rows, (r) => draws.token[r] as number), valid: valid === null ? null : Int32Array.from(rows, (r) => valid[r] as number), uniforms: null, ms };
    const at = `${caseName}, rows ${rows.join(', ')} (finding row j = the j-th of these)`;
    for (const c of guaranteeChecks(e, chosen, params, launch)) expectCheck(c.result, { kernel: e.name, case: at, reproduce, scope: c.scope });
    // the rows' own Philox subsequences (their row index): only a Philox kernel is replayed here
    const promise = replayPromise(e);
    if (promise.kind === 'exact') expectCheck(exactReplay(referenceAtRows(e, chosen, rows, params, seed, 0n), launch, { margin: promise.margin }).result, { kernel: e.name, case: at, reproduce, scope: 'contract' });
    else noteNotApplicable(e);
  } finally {
    await bound.free();
  }
}

/** One transform over the replicated input: every row's flag, the boundary rows against the contract. */
async function checkTransform(runner: GpuRunner, e: ManifestEntry, input: DeviceRows, kind: InputKind): Promise<void> {
  const params = typicalParams(e);
  const bound = await bindCall(runner, e, callOf(e, input.handle), bindOptions());
  try {
    const ms = launchedMs(e.name, await bound.launch());
    recordTiming(e, ms, 8 * batch * vocab + 4 * batch);
    const valid = e.validOutput === null ? null : ((await bound.read(e.validOutput)) as Int32Array | Uint32Array);
    const caseName = `${batch}×${vocab} (${paramsLabel(params)})`;
    if (validFlagsPromise(e).kind === 'flag' && valid !== null) expectCheck(replicatedValidFlags(input, kind, valid), { kernel: e.name, case: caseName, reproduce: { command: COMMAND }, scope: 'contract' });
    const out = bound.buffers.find((b) => b.name === outputName(e))?.handle;
    if (!out) throw new Error(`${e.name}: no output buffer '${outputName(e)}'`);
    const rows = boundaryRows();
    const got = { out: await downloadRows(runner, out, vocab, rows), valid: valid === null ? null : Int32Array.from(rows, (r) => valid[r] as number) };
    const at = `${caseName}, rows ${rows.join(', ')} (finding row j = the j-th of these)`;
    for (const c of transformContractOf(e).checks(e, rowsAt(input, rows), params, got)) expectCheck(c.result, { kernel: e.name, case: at, reproduce: { command: COMMAND }, scope: c.scope });
  } finally {
    await bound.free();
  }
}

function recordTiming(e: ManifestEntry, ms: number, bytes: number): void {
  const budgetMs = launchBudgetMs(e, LARGE_SHAPE);
  record.timing({ kernel: e.name, batch, vocab, ms, budgetMs, bytes });
  expect(ms, `${e.name} ${batch}×${vocab}: over its watchdog budget of ${budgetMs.toFixed(3)} ms`).toBeLessThan(budgetMs);
}

export function largeShapeSuite(): void {
  describeGpu(`rows past 2^31 elements: ${batch} × ${vocab} fp32 (${((4 * batch * vocab) / 1e9).toFixed(1)} GB per buffer)`, () => {
    it.for<InputKind>(['probs', 'logits'])('every kernel reading %s rows: each row\'s flag (and token), the rows on both sides of 2^29, 2^30 and 2^31 elements against the reference', async (kind, ctx) => {
      const entries = entriesReading(suiteManifest().entries, kind);
      if (entries.length === 0) ctx.skip(`the kernel directory declares no kernel reading ${kind} rows`);
      const runner = await gpuRunner();
      const mem = await runner.memInfo();
      const short = memoryShortfall(deviceBytesNeeded(callBytes(runner, entries)), mem.freeBytes, mem.totalBytes);
      if (short !== null) ctx.skip(short);
      expect.hasAssertions();
      const input = await replicateRows(runner, distinctRows(kind, DISTINCT_ROWS, vocab, 'large-shape'), batch);
      try {
        for (const e of entries) await (isSampler(e) ? checkSampler(runner, e, input) : checkTransform(runner, e, input, kind));
      } finally {
        await runner.free(input.handle).catch(() => undefined); // lost with a killed worker
      }
    });
  });
}
