import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT, SETTINGS } from './index.ts';
import { renderConfigDoc } from './docs.ts';

it('docs/configuration.md is the table generated from the settings (regenerate: npx tsx scripts/config-doc.ts)', () => {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8');
  expect(doc).toBe(renderConfigDoc());
  for (const s of Object.values(SETTINGS)) expect(doc).toContain(`\`${s.env}\``);
});
