/**
 * The steps of the GPU gate and how one runs: a child process whose output is passed through (prefixed with the
 * step's name when steps run side by side), timed, its exit status kept.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { childEnv, REPO_ROOT } from '../src/config/index.ts';

export const GATE_STEPS = ['suites', 'sanitize', 'mutants', 'bench', 'render'] as const;
export type GateStep = (typeof GATE_STEPS)[number];

export type StepRecord =
  | { readonly step: GateStep; readonly status: 'passed' | 'failed'; readonly exit: number | null; readonly seconds: number }
  | { readonly step: GateStep; readonly status: 'skipped'; readonly why: string };

/** A step to run: the command after `node`. */
export interface StepCommand {
  readonly step: GateStep;
  readonly args: readonly string[];
}

/** A TypeScript script of the repository, run by node through tsx. */
export function tsxScript(step: GateStep, script: string, ...args: string[]): StepCommand {
  return { step, args: ['--import', 'tsx', path.join(REPO_ROOT, script), ...args] };
}

/** vitest's CLI with these arguments. */
export function vitestCommand(step: GateStep, ...args: string[]): StepCommand {
  return { step, args: [path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), ...args] };
}

/** Passes `chunk` on line by line, each line prefixed (text after the last newline waits for the next chunk). */
export function linePrefixer(prefix: string, write: (s: string) => void): { push(chunk: string): void; end(): void } {
  let rest = '';
  return {
    push(chunk: string): void {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) write(`${prefix}${l}\n`);
    },
    end(): void {
      if (rest !== '') write(`${prefix}${rest}\n`);
      rest = '';
    },
  };
}

/** Runs one step to its end; `prefixed` when other steps print at the same time. */
export function runStep(c: StepCommand, prefixed: boolean): Promise<StepRecord> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...c.args], { cwd: REPO_ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out = linePrefixer(prefixed ? `[${c.step}] ` : '', (s) => process.stdout.write(s));
    const err = linePrefixer(prefixed ? `[${c.step}] ` : '', (s) => process.stderr.write(s));
    child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => err.push(d.toString()));
    const finish = (exit: number | null): void => {
      out.end();
      err.end();
      resolve({ step: c.step, status: exit === 0 ? 'passed' : 'failed', exit, seconds: Math.round((Date.now() - t0) / 1000) });
    };
    child.on('error', (e) => {
      process.stderr.write(`[${c.step}] could not start: ${e.message}\n`);
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}
