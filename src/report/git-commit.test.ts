import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadSetting } from '../config/index.ts';
import { gitCommit, gitCommitOrError } from './git-commit.ts';

/** SAMPLING_GIT_COMMIT as the configuration reads it. */
const configured = (text: string) => loadSetting('gitCommit', { env: { SAMPLING_GIT_COMMIT: text } });

test('gitCommit: a full hash inside a checkout with commits, undefined outside one', () => {
  const outside = mkdtempSync(join(tmpdir(), 'no-git-'));
  try {
    expect(gitCommit(outside, null)).toBeUndefined();
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
  const here = gitCommit(fileURLToPath(new URL('.', import.meta.url)), null);
  // A fresh checkout without commits has no HEAD; either way no partial or garbage value comes back.
  if (here !== undefined) expect(here).toMatch(/^[0-9a-f]{40,64}$/);
});

test('gitCommit: SAMPLING_GIT_COMMIT overrides git (a GPU machine has no .git) and is validated', () => {
  const outside = mkdtempSync(join(tmpdir(), 'no-git-'));
  try {
    expect(gitCommit(outside, configured(' ABCDEF1234567 ').value)).toBe('abcdef1234567');
    expect(gitCommit(outside, configured('').value)).toBeUndefined();
    expect(configured('main; rm -rf').error).toMatch(/SAMPLING_GIT_COMMIT must be a git hash/);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

describe('gitCommitOrError', () => {
  test('a malformed SAMPLING_GIT_COMMIT is returned as an error, not thrown', () => {
    expect(gitCommitOrError('/', configured('not-a-hash'))).toEqual({ error: 'SAMPLING_GIT_COMMIT must be a git hash of 7 to 64 hex digits, got "not-a-hash"' });
    expect(gitCommitOrError('/', configured('ABCDEF1'))).toEqual({ commit: 'abcdef1' });
  });
});
