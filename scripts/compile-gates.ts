/**
 * Compile gates (CI, no GPU): compiles every source file named by a kernel manifest for NVIDIA sm_90 (nvcc) and
 * AMD gfx90a / gfx1030 (hipcc), warnings as errors, and records per-kernel resource usage (registers, shared
 * memory / LDS, spills, scratch) in reports/compile-gates.json. Also checks that every manifest function was
 * compiled for every target, and runs the host Philox known-answer test (kernels/tests/philox_kat.cpp) that
 * shares the device code of kernels/include/philox.h.
 *
 *   npx tsx scripts/compile-gates.ts [--dir kernels] [--out reports/compile-gates.json] [--jobs 2]
 *
 * Exit status 0 iff nothing failed. A missing compiler skips its targets, unless it is required (see
 * requiredCompilers; in CI both nvcc and hipcc): then it is a failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadManifest } from '../src/manifest/index.ts';
import { assertJobs, mapWithConcurrency } from '../src/pool.ts';
import { stampArtifact } from '../src/report/artifacts.ts';

export type Compiler = 'nvcc' | 'hipcc';
export type TargetName = 'sm_90' | 'gfx90a' | 'gfx1030';
export const TARGETS: Readonly<Record<TargetName, Compiler>> = { sm_90: 'nvcc', gfx90a: 'hipcc', gfx1030: 'hipcc' };

/** Resource usage of one kernel on one target; fields a compiler does not report are absent. */
export interface KernelResources {
  registers?: number;
  sgprs?: number;
  vgprs?: number;
  agprs?: number;
  sharedBytes?: number;
  stackBytes?: number;
  spillStoreBytes?: number;
  spillLoadBytes?: number;
  sgprSpills?: number;
  vgprSpills?: number;
  scratchBytesPerLane?: number;
  occupancyWavesPerSimd?: number;
}

export interface CompileResult {
  readonly file: string;
  readonly target: TargetName;
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly reason?: string;
  readonly command?: string;
  readonly durationMs?: number;
  /** Compiler diagnostics other than resource-usage notes (errors, warnings). */
  readonly diagnostics: readonly string[];
  readonly kernels: Readonly<Record<string, KernelResources>>;
  /** Manifest functions of this file that the compiler did not report. */
  readonly missingFunctions: readonly string[];
}

export interface HostCheck {
  readonly name: string;
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly output: string;
}

export interface CompileGatesReport {
  readonly generatedAt: string;
  readonly manifestDir: string;
  readonly ok: boolean;
  readonly compilers: Readonly<Record<Compiler, string | null>>;
  readonly results: readonly CompileResult[];
  readonly hostChecks: readonly HostCheck[];
}

export interface CompileGatesOptions {
  readonly dir: string;
  readonly jobs: number;
  /** Compilers whose absence is a failure rather than a skip. */
  readonly required: readonly Compiler[];
  /** Path overrides, mainly for tests; default: looked up on PATH. */
  readonly compilerPaths?: Partial<Record<Compiler, string | null>>;
}

/** In CI hipcc is installed by .ci/run, so it is required there; nvcc is required only if asked for. */
export function requiredCompilers(env: NodeJS.ProcessEnv): Compiler[] {
  const explicit = env.COMPILE_GATES_REQUIRE;
  if (explicit !== undefined && explicit.trim() !== '') {
    const list = explicit.split(',').map((s) => s.trim());
    for (const c of list) {
      if (c !== 'nvcc' && c !== 'hipcc') throw new RangeError(`COMPILE_GATES_REQUIRE entries must be nvcc or hipcc, got '${c}'`);
    }
    return list as Compiler[];
  }
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' ? ['nvcc', 'hipcc'] : [];
}

export function findCompiler(name: Compiler): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status === 0 && path !== '') return path;
  const fallback = name === 'nvcc' ? '/usr/local/cuda/bin/nvcc' : '/opt/rocm/bin/hipcc';
  return existsSync(fallback) ? fallback : null;
}

function compileArgs(target: TargetName, source: string, output: string): string[] {
  if (TARGETS[target] === 'nvcc') {
    return ['-cubin', `-arch=${target}`, '-x', 'cu', '-std=c++17', '-O3', '-Werror', 'all-warnings', '-Xptxas', '-v', source, '-o', output];
  }
  return ['--genco', `--offload-arch=${target}`, '-O3', '-std=c++17', '-Werror', '-Wall', '-Rpass-analysis=kernel-resource-usage', source, '-o', output];
}

const num = (s: string | undefined): number => Number(s);

/** Parses `ptxas -v` output into per-kernel resources. */
export function parsePtxasUsage(text: string): Record<string, KernelResources> {
  const kernels: Record<string, KernelResources> = {};
  let current: KernelResources | null = null;
  for (const line of text.split('\n')) {
    const props = /Function properties for (\w+)/.exec(line);
    if (props) {
      current = kernels[props[1] as string] ??= {};
      continue;
    }
    if (current === null) continue;
    const frame = /(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/.exec(line);
    if (frame) {
      current.stackBytes = num(frame[1]);
      current.spillStoreBytes = num(frame[2]);
      current.spillLoadBytes = num(frame[3]);
    }
    const used = /Used (\d+) registers.*?(\d+) bytes smem/.exec(line);
    if (used) {
      current.registers = num(used[1]);
      current.sharedBytes = num(used[2]);
      current.stackBytes ??= 0;
      current.spillStoreBytes ??= 0;
      current.spillLoadBytes ??= 0;
    }
  }
  return kernels;
}

const AMD_FIELDS: ReadonlyArray<[RegExp, keyof KernelResources]> = [
  [/remark:\s+SGPRs: (\d+)/, 'sgprs'],
  [/remark:\s+VGPRs: (\d+)/, 'vgprs'],
  [/remark:\s+AGPRs: (\d+)/, 'agprs'],
  [/remark:\s+ScratchSize \[bytes\/lane\]: (\d+)/, 'scratchBytesPerLane'],
  [/remark:\s+Occupancy \[waves\/SIMD\]: (\d+)/, 'occupancyWavesPerSimd'],
  [/remark:\s+SGPRs Spill: (\d+)/, 'sgprSpills'],
  [/remark:\s+VGPRs Spill: (\d+)/, 'vgprSpills'],
  [/remark:\s+LDS Size \[bytes\/block\]: (\d+)/, 'sharedBytes'],
];

/** Parses clang's `-Rpass-analysis=kernel-resource-usage` remarks into per-kernel resources. */
export function parseAmdgpuUsage(text: string): Record<string, KernelResources> {
  const kernels: Record<string, KernelResources> = {};
  let current: KernelResources | null = null;
  for (const line of text.split('\n')) {
    const fn = /remark: Function Name: (\w+)/.exec(line);
    if (fn) {
      current = kernels[fn[1] as string] ??= {};
      continue;
    }
    if (current === null) continue;
    for (const [re, key] of AMD_FIELDS) {
      const m = re.exec(line);
      if (m) current[key] = num(m[1]);
    }
  }
  return kernels;
}

/** Compiler output lines that are diagnostics (anything but resource-usage notes and their source echo). */
export function diagnosticLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /\b(error|warning)\b/i.test(l) && !/remark:/.test(l) && !/^ptxas info/.test(l));
}

interface Job {
  readonly file: string;
  readonly target: TargetName;
  readonly functions: readonly string[];
}

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => done({ code: -1, output: `${output}\n${e.message}` }));
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}

async function compileOne(job: Job, dir: string, compiler: string, work: string): Promise<CompileResult> {
  const source = join(dir, job.file);
  const output = join(work, `${job.file.replace(/[\\/]/g, '_')}.${job.target}.bin`);
  const args = compileArgs(job.target, source, output);
  const env = TARGETS[job.target] === 'hipcc' ? { ...process.env, HIP_PLATFORM: 'amd' } : process.env;
  const started = Date.now();
  const { code, output: text } = await run(compiler, args, env);
  const kernels = TARGETS[job.target] === 'nvcc' ? parsePtxasUsage(text) : parseAmdgpuUsage(text);
  const diagnostics = diagnosticLines(text);
  const missingFunctions = job.functions.filter((f) => kernels[f] === undefined);
  const failed = code !== 0 || diagnostics.length > 0 || missingFunctions.length > 0;
  const reason =
    code !== 0 ? `compiler exited with ${code}` : diagnostics.length > 0 ? 'warnings' : missingFunctions.length > 0 ? 'manifest functions not compiled' : undefined;
  return {
    file: job.file,
    target: job.target,
    status: failed ? 'failed' : 'ok',
    ...(reason !== undefined ? { reason } : {}),
    command: [TARGETS[job.target] === 'hipcc' ? 'HIP_PLATFORM=amd' : '', compiler, ...args].filter((s) => s !== '').join(' '),
    durationMs: Date.now() - started,
    diagnostics: code !== 0 && diagnostics.length === 0 ? text.split('\n').slice(-20) : diagnostics,
    kernels,
    missingFunctions,
  };
}

async function hostPhiloxKat(dir: string, work: string): Promise<HostCheck> {
  const source = join(dir, 'tests', 'philox_kat.cpp');
  const name = 'philox-kat';
  if (!existsSync(source)) return { name, status: 'skipped', output: `${source} not present` };
  const cxx = ['c++', 'g++', 'clang++'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
  if (cxx === undefined) return { name, status: 'skipped', output: 'no host C++ compiler' };
  const exe = join(work, 'philox_kat');
  const built = await run(cxx, ['-std=c++17', '-O2', '-Wall', '-Werror', source, '-o', exe], process.env);
  if (built.code !== 0) return { name, status: 'failed', output: built.output };
  const ran = await run(exe, [], process.env);
  return { name, status: ran.code === 0 ? 'ok' : 'failed', output: ran.output.trim() };
}

/** Runs every compile in `jobs`-wide parallel batches and the host checks. */
export async function runCompileGates(options: CompileGatesOptions): Promise<CompileGatesReport> {
  assertJobs(options.jobs);
  const manifest = loadManifest(options.dir);
  const compilers: Record<Compiler, string | null> = {
    nvcc: options.compilerPaths?.nvcc !== undefined ? options.compilerPaths.nvcc : findCompiler('nvcc'),
    hipcc: options.compilerPaths?.hipcc !== undefined ? options.compilerPaths.hipcc : findCompiler('hipcc'),
  };
  const files = [...new Set(manifest.entries.map((e) => e.file))];
  const jobs: Job[] = [];
  for (const file of files) {
    const functions = manifest.entries.filter((e) => e.file === file).map((e) => e.function);
    for (const target of Object.keys(TARGETS) as TargetName[]) jobs.push({ file, target, functions });
  }
  const work = mkdtempSync(join(tmpdir(), 'compile-gates-'));
  try {
    const hostCheck = hostPhiloxKat(manifest.dir, work);
    const results = await mapWithConcurrency(jobs, options.jobs, async (job): Promise<CompileResult> => {
      const compiler = compilers[TARGETS[job.target]];
      return compiler === null
        ? {
            file: job.file,
            target: job.target,
            status: options.required.includes(TARGETS[job.target]) ? 'failed' : 'skipped',
            reason: `${TARGETS[job.target]} not found`,
            diagnostics: [],
            kernels: {},
            missingFunctions: [],
          }
        : await compileOne(job, manifest.dir, compiler, work);
    });
    const hostChecks = [await hostCheck];
    const ok = results.every((r) => r.status !== 'failed') && hostChecks.every((h) => h.status !== 'failed');
    return { generatedAt: new Date().toISOString(), manifestDir: manifest.dir, ok, compilers, results, hostChecks };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function writeReport(report: CompileGatesReport, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(stampArtifact(report, resolve(import.meta.dirname, '..')), null, 2)}\n`);
}

function parseCli(argv: readonly string[]): { dir: string; out: string; jobs: number } {
  const root = resolve(import.meta.dirname, '..');
  const opts = { dir: join(root, 'kernels'), out: join(root, 'reports', 'compile-gates.json'), jobs: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new RangeError(`${flag} needs a value`);
    if (flag === '--dir') opts.dir = resolve(value);
    else if (flag === '--out') opts.out = resolve(value);
    else if (flag === '--jobs') opts.jobs = Number(value);
    else throw new RangeError(`unknown option ${flag} (allowed: --dir, --out, --jobs)`);
  }
  return opts;
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const report = await runCompileGates({ dir: cli.dir, jobs: cli.jobs, required: requiredCompilers(process.env) });
  writeReport(report, cli.out);
  for (const r of report.results) {
    const worst = Object.values(r.kernels).reduce((m, k) => Math.max(m, k.registers ?? k.vgprs ?? 0), 0);
    console.log(`${r.status.padEnd(7)} ${r.target.padEnd(7)} ${r.file}${r.reason ? ` (${r.reason})` : ''}  kernels=${Object.keys(r.kernels).length} maxRegs=${worst}`);
    for (const d of r.diagnostics) console.log(`        ${d}`);
  }
  for (const h of report.hostChecks) console.log(`${h.status.padEnd(7)} host    ${h.name}`);
  console.log(`${report.ok ? 'PASS' : 'FAIL'}: report written to ${cli.out}`);
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
}
