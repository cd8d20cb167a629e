/**
 * `npm run gate`: the whole GPU gate in one command, in the order a reviewer's report needs it — the verification
 * suites (results.json), then compute-sanitizer mode (NVIDIA only) and the mutation self-test side by side (both are
 * many independent suite runs; the mutants are judged against the suites step's own run instead of a baseline of
 * their own), then the benchmark alone (it times the GPU), then the report re-rendered with every artifact. Every
 * step runs even when an earlier one fails, so the report is complete; the exit status is 1 if any step failed.
 * Step times go to gate.json next to the report. Without a usable GPU: one line saying so, exit 0, nothing written.
 *   npm run gate -- [--jobs N] [--skip suites,sanitize,mutants,bench,render] [--serial]
 * --jobs: suite runs side by side within sanitize and within mutants (default: one per 4 cores, at most 4 each);
 * --serial: sanitize and mutants one after the other.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config } from '../src/config/index.ts';
import { listArg, parseCli, SUITE_RUN_OPTIONS, suiteRunArgs } from '../src/mutation/args.ts';
import { formatElapsed, Progress } from '../src/mutation/progress.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';
import { findSanitizer } from '../src/mutation/sanitizer-run.ts';
import vitestConfig from '../vitest.config.ts';
import { GATE_STEPS, runStep, tsxScript, vitestCommand, type GateStep, type StepCommand, type StepRecord } from './gpu-gate-steps.ts';
import { gpuDecision, nothingToRun, type GpuProbe } from './need-gpu.ts';
import { writeArtifact } from './write-artifact.ts';

export const GATE_FILE = 'gate.json';
const USAGE = 'npm run gate -- [--jobs N] [--skip suites,sanitize,mutants,bench,render] [--serial]';

export interface GateArgs {
  readonly jobs: number;
  readonly skip: readonly GateStep[];
  readonly serial: boolean;
}

export function parseGateArgs(argv: readonly string[], cores?: number): GateArgs {
  const v = parseCli(argv, { ...SUITE_RUN_OPTIONS, skip: { type: 'string', multiple: true }, serial: { type: 'boolean' } }, USAGE);
  const skip = listArg(v.skip);
  const unknown = skip.filter((s) => !(GATE_STEPS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new RangeError(`--skip: unknown step(s) ${unknown.join(', ')}; steps: ${GATE_STEPS.join(', ')}`);
  if (v['timeout-s'] !== undefined) throw new RangeError(`--timeout-s is an option of the mutants and sanitize scripts, not of the gate\nusage: ${USAGE}`);
  return { jobs: suiteRunArgs(v, cores).jobs, skip: skip as GateStep[], serial: v.serial === true };
}

/** The reporters of vitest.config.ts, plus vitest's JSON report of the suites run for the mutants' baseline. */
export function suitesCommand(baselineJson: string): StepCommand {
  const reporters = vitestConfig.test?.reporters ?? [];
  const names = (Array.isArray(reporters) ? reporters : [reporters]).map((r) => {
    if (typeof r !== 'string') throw new TypeError('vitest.config.ts reporters must be names or paths for the gate to pass them on');
    return `--reporter=${r}`;
  });
  return vitestCommand('suites', 'run', '--project', 'suites', ...names, '--reporter=json', `--outputFile.json=${baselineJson}`);
}

export interface GateHere {
  readonly backend: 'cuda' | 'hip';
  readonly sanitizer: string | null;
  /** Where the suites step writes vitest's JSON report (the mutants' baseline). */
  readonly baselineJson: string;
  readonly resultsJson: string;
  readonly exists: (file: string) => boolean;
}

type Planned = StepCommand | StepRecord;

/**
 * The steps in phases (a phase's steps run side by side). Each is decided when its phase starts, from what the
 * earlier phases left: the mutants use the suites run as their baseline only when it wrote its report, the render
 * needs results.json.
 */
export function gatePlan(a: GateArgs, here: GateHere): (() => Planned)[][] {
  const jobs = ['--jobs', String(a.jobs)];
  const skipped = (step: GateStep, why: string): StepRecord => ({ step, status: 'skipped', why });
  const plan = (step: GateStep, make: () => Planned) => (): Planned => (a.skip.includes(step) ? skipped(step, '--skip') : make());
  const sanitize = plan('sanitize', () =>
    here.backend !== 'cuda'
      ? skipped('sanitize', `compute-sanitizer is NVIDIA's; this GPU runs ${here.backend}`)
      : here.sanitizer === null
        ? skipped('sanitize', 'compute-sanitizer not found (NVIDIA CUDA toolkit only)')
        : tsxScript('sanitize', 'scripts/sanitize.ts', ...jobs),
  );
  const mutants = plan('mutants', () =>
    tsxScript('mutants', 'scripts/mutants.ts', ...jobs, ...(here.exists(here.baselineJson) ? ['--baseline', here.baselineJson] : [])),
  );
  const render = plan('render', () =>
    here.exists(here.resultsJson) ? tsxScript('render', 'src/report/render-cli.ts', here.resultsJson) : skipped('render', `no ${here.resultsJson} (the suites did not run)`),
  );
  return [
    [plan('suites', () => suitesCommand(here.baselineJson))],
    ...(a.serial ? [[sanitize], [mutants]] : [[sanitize, mutants]]),
    [plan('bench', () => tsxScript('bench', 'bench/kernels.ts'))],
    [render],
  ];
}

const isCommand = (s: Planned): s is StepCommand => 'args' in s;

async function runPhases(phases: (() => Planned)[][], progress: Progress): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for (const phase of phases) {
    const planned = phase.map((decide) => decide());
    const running = planned.filter(isCommand);
    for (const s of planned) if (!isCommand(s) && s.status === 'skipped') console.log(`=== gate: ${s.step}: skipped (${s.why})`);
    records.push(...planned.filter((s): s is StepRecord => !isCommand(s)));
    const done = await Promise.all(
      running.map(async (c) => {
        progress.start(c.step);
        const r = await runStep(c, running.length > 1);
        progress.done(c.step, r.status === 'passed' ? 'passed' : `FAILED (exit ${'exit' in r ? String(r.exit) : '?'})`);
        return r;
      }),
    );
    records.push(...done);
  }
  return GATE_STEPS.map((s) => records.find((r) => r.step === s)).filter((r): r is StepRecord => r !== undefined);
}

export async function main(argv: readonly string[], probe?: GpuProbe): Promise<number> {
  const a = parseGateArgs(argv, os.availableParallelism());
  const gpu = await gpuDecision(probe);
  if (!gpu.usable) {
    console.log(nothingToRun('gate', gpu.reason));
    return 0;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'sampling-gate-'));
  const here = { backend: gpu.backend, sanitizer: findSanitizer(), baselineJson: path.join(work, 'suites-vitest.json'), resultsJson: path.join(config().reportDir, 'results.json'), exists: existsSync };
  const progress = new Progress('gate step', GATE_STEPS.length - a.skip.length);
  let records: StepRecord[];
  try {
    records = await runPhases(gatePlan(a, here), progress);
  } finally {
    progress.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const ok = records.every((r) => r.status !== 'failed');
  const out = writeArtifact(GATE_FILE, { ok, steps: records });
  for (const r of records) console.log(`${r.step.padEnd(9)} ${r.status}${r.status === 'skipped' ? ` (${r.why})` : ` ${formatElapsed(r.seconds * 1000)}`}`);
  console.log(`gate: ${ok ? 'passed' : 'FAILED'} in ${progress.elapsed()} (${out})`);
  return ok ? 0 : 1;
}

runIfEntry(import.meta.url, (argv) => main(argv));
