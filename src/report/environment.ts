/** The environment a report records: Node, platform, and whether it ran under CI. */
import type { ReportResults } from './schema.ts';

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function runEnvironment(env: NodeJS.ProcessEnv = process.env): ReportResults['environment'] {
  return { node: process.version, platform: `${process.platform}-${process.arch}`, ci: isCi(env) };
}
