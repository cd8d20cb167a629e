/**
 * Structural check of .github/workflows/rocm-verify.yml: the GPU job runs the README's commands in order on a
 * self-hosted ROCm runner with the HIP backend, fails when the suites fail, and always uploads reports/; the CPU
 * job runs `.ci/run`, which runs the README's test command.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseYamlSubset, type YamlValue } from './yaml-subset.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string): string => readFileSync(`${root}/${path}`, 'utf8');

type Obj = { [key: string]: YamlValue };
const obj = (v: YamlValue | undefined, what: string): Obj => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${what} must be a mapping`);
  return v;
};
const list = (v: YamlValue | undefined, what: string): YamlValue[] => {
  if (!Array.isArray(v)) throw new TypeError(`${what} must be a sequence`);
  return v;
};
const str = (v: YamlValue | undefined): string => (typeof v === 'string' ? v : '');

/** Shell commands in the README's ```sh blocks. */
function readmeCommands(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '');
}

const workflow = obj(parseYamlSubset(read('.github/workflows/rocm-verify.yml')), 'workflow');
const jobs = obj(workflow.jobs, 'jobs');
const stepsOf = (job: string): Obj[] => list(obj(jobs[job], job).steps, `${job}.steps`).map((s, i) => obj(s, `${job}.steps[${i}]`));
/** Index of the first step whose `run` contains `command` as a whole command (not a prefix of a longer word). */
const stepIndex = (steps: readonly Obj[], command: string): number =>
  steps.findIndex((s) => new RegExp(`(^|[\\s;&|])${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm').test(str(s.run)));

describe('rocm-verify.yml', () => {
  test('the README names the commands this workflow is checked against', () => {
    const cmds = readmeCommands(read('README.md'));
    expect(cmds).toEqual(expect.arrayContaining(['npm ci', 'npm test', 'npx vitest run suites']));
    expect(read('README.md')).toContain('.ci/run');
  });

  describe('rocm job', () => {
    const job = obj(jobs.rocm, 'rocm');
    const steps = stepsOf('rocm');

    test('runs on a self-hosted ROCm runner, checks out and sets up Node 20 first', () => {
      expect(list(job['runs-on'], 'runs-on')).toEqual(expect.arrayContaining(['self-hosted', 'rocm']));
      expect(str(steps[0]?.uses)).toMatch(/^actions\/checkout@v\d+$/);
      const node = steps.find((s) => str(s.uses).startsWith('actions/setup-node@'));
      expect(str(obj(node?.with, 'setup-node.with')['node-version'])).toBe('20');
    });

    test('runs npm ci, the compile gates, the suites, the mutation self-test and the bench, in that order', () => {
      const order = ['npm ci', 'npx tsx scripts/compile-gates.ts', 'npx vitest run suites', 'npm run mutants', 'npm run bench'].map((c) => stepIndex(steps, c));
      expect(order.every((i) => i >= 0), `missing: ${JSON.stringify(order)}`).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const c of readmeCommands(read('README.md')).filter((c) => c === 'npm ci' || c === 'npx vitest run suites')) {
        expect(stepIndex(steps, c), c).toBeGreaterThanOrEqual(0);
      }
    });

    test('the suites run on the HIP backend and their failure fails the job', () => {
      const suites = steps[stepIndex(steps, 'npx vitest run suites')] as Obj;
      const env = { ...obj(job.env ?? {}, 'rocm.env'), ...obj(suites.env ?? {}, 'suites.env') };
      expect(env.SAMPLING_BACKEND).toBe('hip');
      expect(suites['continue-on-error'] ?? 'false').toBe('false');
      expect(str(suites.run)).not.toMatch(/\|\|\s*(true|:|exit 0)|;\s*exit 0|set \+e/);
      expect(job['continue-on-error'] ?? 'false').toBe('false');
    });

    test('always uploads reports/, after re-rendering it with the artifacts', () => {
      const upload = steps.findIndex((s) => str(s.uses).startsWith('actions/upload-artifact@'));
      expect(upload).toBeGreaterThan(stepIndex(steps, 'npm run bench'));
      const step = steps[upload] as Obj;
      expect(str(step.if)).toMatch(/always\(\)/);
      expect(str(obj(step.with, 'upload.with').path).trim()).toMatch(/^reports\/?$/);
      const render = stepIndex(steps, 'npx tsx src/report/render-cli.ts reports/results.json');
      expect(render).toBeGreaterThan(stepIndex(steps, 'npm run bench'));
      expect(render).toBeLessThan(upload);
      expect(str((steps[render] as Obj).if)).toMatch(/always\(\)/);
    });
  });

  describe('cpu job', () => {
    const job = obj(jobs.cpu, 'cpu');
    const steps = stepsOf('cpu');

    test('runs on ubuntu-latest and runs exactly `bash .ci/run` after checkout', () => {
      expect(job['runs-on']).toBe('ubuntu-latest');
      expect(str(steps[0]?.uses)).toMatch(/^actions\/checkout@v\d+$/);
      expect(steps.filter((s) => str(s.run).trim() === 'bash .ci/run')).toHaveLength(1);
    });

    test('.ci/run runs the README test commands', () => {
      const script = read('.ci/run');
      expect(script).toMatch(/^npm ci\b/m);
      expect(script).toMatch(/^npm test$/m);
    });

    test('uploads reports/ even when the tests fail', () => {
      const step = steps.find((s) => str(s.uses).startsWith('actions/upload-artifact@'));
      expect(str(step?.if)).toMatch(/always\(\)/);
      expect(str(obj(step?.with, 'upload.with').path).trim()).toMatch(/^reports\/?$/);
    });
  });
});
