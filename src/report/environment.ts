/** The environment a report records: Node, platform, and whether it ran under CI. */
import { settingAlone } from '../config/index.ts';
import type { ReportResults } from './schema.ts';

/** Never throws: a run that stopped on a malformed setting still records where it ran. */
export function runEnvironment(ci: boolean = settingAlone('ci').value): ReportResults['environment'] {
  return { node: process.version, platform: `${process.platform}-${process.arch}`, ci };
}
