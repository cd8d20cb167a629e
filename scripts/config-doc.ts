/** Writes docs/configuration.md from the settings table (src/config/settings.ts). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/config/index.ts';
import { renderConfigDoc } from '../src/config/docs.ts';

const out = path.join(REPO_ROOT, 'docs', 'configuration.md');
writeFileSync(out, renderConfigDoc());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
