/**
 * Saves the failing rows of a check as regression fixtures (one row each, deduplicated by content), so the
 * family's suite replays them on its next run. Returns the saved fixture paths for the failure message.
 */
import path from 'node:path';
import { config } from '../../src/config/index.ts';
import { saveRegression } from '../../src/fixtures/regressions.ts';
import type { FixtureKind, JsonObject } from '../../src/fixtures/fixture-file.ts';
import type { RowBatch } from '../../src/types.ts';

/** At most this many rows of one failure are saved: enough to replay, not a dump of a broken kernel's batch. */
const MAX_SAVED_ROWS = 4;

export interface FailingRows {
  readonly rows: RowBatch<Float32Array>;
  readonly kind: FixtureKind;
  /** Kernel, check and parameters: written into the fixture's JSON. */
  readonly params: JsonObject;
  readonly dir?: string;
}

export function saveFailingRows(what: string, failing: FailingRows, rowIndices: readonly number[]): string[] {
  const dir = failing.dir ?? config().regressionDir;
  const unique = [...new Set(rowIndices)].filter((r) => r >= 0 && r < failing.rows.batch).slice(0, MAX_SAVED_ROWS);
  return unique.map((r) => {
    const { vocab, data } = failing.rows;
    const row = data.slice(r * vocab, (r + 1) * vocab);
    const meta = saveRegression(row, {
      description: `${what}: row ${r} of the failing launch`,
      kind: failing.kind,
      params: { ...failing.params, row: r },
    }, dir);
    return path.join(dir, `${meta.name}.json`);
  });
}
