import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { gitCommit } from './git-commit.ts';

test('gitCommit: a full hash inside a checkout with commits, undefined outside one', () => {
  const outside = mkdtempSync(join(tmpdir(), 'no-git-'));
  try {
    expect(gitCommit(outside)).toBeUndefined();
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
  const here = gitCommit(fileURLToPath(new URL('.', import.meta.url)));
  // A fresh checkout without commits has no HEAD; either way no partial or garbage value comes back.
  if (here !== undefined) expect(here).toMatch(/^[0-9a-f]{40,64}$/);
});
