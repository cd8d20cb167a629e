/**
 * Runs independent jobs at most `jobs` at a time and returns their results in input order: the compile gates'
 * compiler processes, and the mutation and sanitizer suite runs (child processes that spend most of their time on
 * the CPU reference, so on a 16-core GPU machine a few side by side finish the corpus in one device call).
 */
export const MAX_JOBS = 64;

export function assertJobs(jobs: number, name = 'jobs'): number {
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) throw new RangeError(`${name} must be an integer in [1, ${MAX_JOBS}], got ${String(jobs)}`);
  return jobs;
}

export async function mapWithConcurrency<T, R>(items: readonly T[], jobs: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  assertJobs(jobs);
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}
