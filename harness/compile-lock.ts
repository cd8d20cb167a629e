/**
 * One compiler run per cache key across processes: the first process to create `<key>.lock` compiles, the others
 * wait until the entry exists (or the lock is released without one: a failed compile, which they then repeat to get
 * its message). A lock left by a process that died is taken over.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** No compile of one unit takes this long; a lock this old was left behind. */
export const LOCK_STALE_MS = 15 * 60_000;
const POLL_MS = 100;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's owner is gone (same host, dead pid) or the lock is older than LOCK_STALE_MS. */
export async function isStaleLock(lock: string, now: number = Date.now()): Promise<boolean> {
  try {
    const [pid, host] = (await readFile(lock, 'utf8')).trim().split(' ');
    if (host === os.hostname() && pid !== undefined && /^\d+$/.test(pid) && !alive(Number(pid))) return true;
    return now - (await stat(lock)).mtimeMs > LOCK_STALE_MS;
  } catch {
    return false; // gone already, or being written: look again at the next poll
  }
}

async function tryAcquire(lock: string): Promise<boolean> {
  try {
    const fh = await open(lock, 'wx');
    try {
      await fh.writeFile(`${process.pid} ${os.hostname()}`);
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Runs `work` holding `lock`, unless `done()` becomes true while waiting for another holder: then `work` still runs
 * (it finds the finished entry first), without the lock. Two waiters may both take over one stale lock; both then
 * compile, which costs time, never correctness (entries are written by atomic renames).
 */
export async function withKeyLock<T>(lock: string, done: () => boolean, work: () => Promise<T>): Promise<T> {
  for (;;) {
    if (await tryAcquire(lock)) {
      try {
        return await work();
      } finally {
        await rm(lock, { force: true });
      }
    }
    if (done()) return work();
    if (await isStaleLock(lock)) await rm(lock, { force: true });
    else await sleep(POLL_MS);
  }
}
