/** The task.meta key that carries recorded items from a test (forks worker) to the reporter (main process). */
import type { RecordedItem } from './schema.ts';

export const META_KEY = 'samplingReport';

declare module '@vitest/runner' {
  interface TaskMeta {
    samplingReport?: RecordedItem[];
  }
}

/** Anything with a mutable meta object: a test, a suite or a file task. */
export interface MetaTarget {
  readonly meta: object;
}

export function appendItem(target: MetaTarget, item: RecordedItem): void {
  const meta = target.meta as { [META_KEY]?: RecordedItem[] };
  (meta[META_KEY] ??= []).push(item);
}

/** Reads items back from a meta object, tolerating metas that carry nothing of ours. */
export function readItems(meta: object): readonly RecordedItem[] {
  const items = (meta as { [META_KEY]?: unknown })[META_KEY];
  return Array.isArray(items) ? (items as RecordedItem[]) : [];
}
