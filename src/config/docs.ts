/** The settings table of docs/configuration.md, generated from SETTINGS so the two cannot drift apart. */
import { CONFIG_FILE_ENV, CONFIG_FILE_NAME } from './load.ts';
import { SETTINGS } from './settings.ts';

const cell = (s: string): string => s.replaceAll('|', '\\|');

export function renderConfigDoc(): string {
  const rows = Object.values(SETTINGS).map(
    (s) => `| \`${s.env}\` | ${'key' in s ? `\`${s.key}\`` : '–'} | ${cell(s.defaultText)} | ${cell(s.allowed)} | ${cell(s.description)} |`,
  );
  return [
    '# Configuration',
    '',
    'Generated from `src/config/settings.ts` by `npx tsx scripts/config-doc.ts` (a test fails when this file is out of date).',
    '',
    `Every setting is read once, at startup, from the environment and from \`${CONFIG_FILE_NAME}\` in the repository root`,
    `(or the JSON file \`${CONFIG_FILE_ENV}\` names); the environment wins. A malformed value stops the run before any test,`,
    'with one line naming the setting and its allowed values. Relative paths resolve against the repository root (in the',
    'file: against the file\'s directory).',
    '',
    '| environment variable | file key | default | allowed | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
