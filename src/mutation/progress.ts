/**
 * Progress of a long run (the gate's steps, the mutation and sanitizer runs), printed as vitest prints tests: a line
 * when an item starts and when it ends, with "i of n" and the elapsed time, and while items run a reminder of what
 * is still running every `heartbeatMs`, so a quiet minute is visibly work, not a hang.
 */

/** 75000 → "1m15s", 4200 → "4.2 s". */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export interface ProgressOptions {
  readonly log?: (line: string) => void;
  readonly now?: () => number;
  /** 0: no reminders. */
  readonly heartbeatMs?: number;
}

export class Progress {
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private readonly t0: number;
  private readonly running = new Map<string, number>();
  private started = 0;
  private finished = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly what: string,
    private readonly total: number,
    o: ProgressOptions = {},
  ) {
    this.log = o.log ?? ((line) => console.log(line));
    this.now = o.now ?? Date.now;
    this.t0 = this.now();
    const every = o.heartbeatMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => this.remind(), every);
      this.timer.unref();
    }
  }

  elapsed(): string {
    return formatElapsed(this.now() - this.t0);
  }

  start(id: string, detail = ''): void {
    this.running.set(id, this.now());
    this.log(`${this.what} ${++this.started}/${this.total}: ${id}${detail ? ` ${detail}` : ''} ... [${this.elapsed()}]`);
  }

  /** `outcome` e.g. "killed" or "SURVIVED"; the item's own time is added. */
  done(id: string, outcome: string): void {
    const since = this.running.get(id);
    this.running.delete(id);
    const own = since === undefined ? '' : ` in ${formatElapsed(this.now() - since)}`;
    this.log(`  ${id}: ${outcome}${own} (${++this.finished}/${this.total} done) [${this.elapsed()}]`);
  }

  remind(): void {
    if (this.running.size === 0) return;
    const items = [...this.running].map(([id, t]) => `${id} ${formatElapsed(this.now() - t)}`);
    this.log(`  ... ${this.what}: ${this.finished}/${this.total} done, running: ${items.join(', ')} [${this.elapsed()}]`);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
