/**
 * Parent side of one worker process: fork, request/response by id, deadlines, SIGKILL. Every live worker is
 * registered so a process exit kills it: no orphan survives the test run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Request, RequestBody, Response, ResultOf } from './protocol.ts';

const WORKER = path.join(import.meta.dirname, 'worker.ts');
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

/** A request outlived its deadline; the worker was killed. */
export class DeadlineError extends Error {
  constructor(readonly op: string, readonly elapsedMs: number) {
    super(`worker did not answer '${op}' within its deadline (${elapsedMs.toFixed(0)} ms); the worker was killed`);
    this.name = 'DeadlineError';
  }
}

/** The worker answered with an error (a driver failure, a bad argument it caught). */
export class WorkerError extends Error {
  constructor(readonly op: string, readonly remoteName: string, message: string) {
    super(`${op}: ${message}`);
    this.name = remoteName === 'RangeError' || remoteName === 'TypeError' ? remoteName : 'WorkerError';
  }
}

interface Pending {
  readonly op: string;
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout | null;
}

export class WorkerConnection {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exitInfo: string | null = null;
  readonly exited: Promise<void>;

  constructor(readonly generation: number, log?: (line: string) => void) {
    installExitHook();
    this.child = fork(WORKER, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(this.child);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        live.delete(this.child);
        this.exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`;
        for (const [id, p] of this.pending) {
          if (p.timer) clearTimeout(p.timer);
          p.reject(new Error(`worker (pid ${this.child.pid}, generation ${generation}) ${this.exitInfo} during '${p.op}'`));
          this.pending.delete(id);
        }
        resolve();
      });
    });
    this.child.on('message', (msg: Response) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (p.timer) clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new WorkerError(p.op, msg.error.name, msg.error.message));
    });
    this.child.on('error', (e) => log?.(`worker error: ${e.message}`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitInfo === null;
  }

  /** Sends one request; past `deadlineMs` the worker is SIGKILLed and the promise rejects with DeadlineError. */
  request<K extends RequestBody['op']>(body: Extract<RequestBody, { op: K }>, deadlineMs: number): Promise<ResultOf[K]> {
    if (!this.alive) return Promise.reject(new Error(`worker generation ${this.generation} is gone (${this.exitInfo})`));
    const id = this.nextId++;
    const t0 = performance.now();
    return new Promise<ResultOf[K]>((resolve, reject) => {
      const p: Pending = { op: body.op, resolve: resolve as (v: unknown) => void, reject, timer: null };
      p.timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new DeadlineError(body.op, performance.now() - t0));
        this.kill();
      }, deadlineMs);
      this.pending.set(id, p);
      this.child.send({ ...body, id } as Request, (err) => {
        if (err && this.pending.delete(id)) {
          if (p.timer) clearTimeout(p.timer);
          reject(new Error(`could not send '${body.op}' to the worker: ${err.message}`));
        }
      });
    });
  }

  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  /** Asks the worker to release everything and exit; kills it if it has not exited within graceMs. */
  async close(graceMs: number): Promise<void> {
    if (!this.alive) return;
    try {
      await this.request({ op: 'close' }, graceMs);
    } catch {
      // a worker that cannot close cleanly is killed below; its memory goes with its context
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
