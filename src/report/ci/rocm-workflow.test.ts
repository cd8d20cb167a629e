/**
 * Structural check of .github/workflows/rocm-verify.yml: the GPU job verifies the head on a self-hosted ROCm runner
 * with the HIP backend and SAMPLING_REQUIRE_GPU=1, runs the suites and the bench on the base commit too, compares
 * them with a slowdown threshold, fails when the head suites or the compare fail, and always uploads both report
 * directories; the CPU job runs `.ci/run`, which runs the README's test command.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string): string => readFileSync(`${root}/${path}`, 'utf8');

type Obj = { readonly [key: string]: unknown };
const obj = (v: unknown, what: string): Obj => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${what} must be a mapping`);
  return v as Obj;
};
const list = (v: unknown, what: string): unknown[] => {
  if (!Array.isArray(v)) throw new TypeError(`${what} must be a sequence`);
  return v;
};
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

/** Shell commands in the README's ```sh blocks. */
function readmeCommands(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '');
}

const workflow = obj(parse(read('.github/workflows/rocm-verify.yml')), 'workflow');
const jobs = obj(workflow.jobs, 'jobs');
const stepsOf = (job: string): Obj[] => list(obj(jobs[job], job).steps, `${job}.steps`).map((s, i) => obj(s, `${job}.steps[${i}]`));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Steps whose `run` contains `command` as a whole command (not a prefix of a longer word). */
const runs = (steps: readonly Obj[], command: string): number[] =>
  steps.flatMap((s, i) => (new RegExp(`(^|[\\s;&|])${escape(command)}(\\s|$)`, 'm').test(str(s.run)) ? [i] : []));
const inBase = (s: Obj | undefined): boolean => str(s?.['working-directory']).includes('base');

describe('rocm-verify.yml', () => {
  test('the README names the commands this workflow is checked against', () => {
    const cmds = readmeCommands(read('README.md'));
    expect(cmds).toEqual(expect.arrayContaining(['npm ci', 'npm test', 'npx vitest run suites']));
    expect(read('README.md')).toContain('.ci/run');
  });

  describe('rocm job', () => {
    const job = obj(jobs.rocm, 'rocm');
    const steps = stepsOf('rocm');
    const env = obj(job.env, 'rocm.env');
    const head = (command: string): number => runs(steps, command).find((i) => !inBase(steps[i])) ?? -1;
    const base = (command: string): number => runs(steps, command).find((i) => inBase(steps[i])) ?? -1;

    test('runs on a self-hosted ROCm runner, checks out the full history and sets up Node 20 first', () => {
      expect(list(job['runs-on'], 'runs-on')).toEqual(expect.arrayContaining(['self-hosted', 'rocm']));
      expect(str(steps[0]?.uses)).toMatch(/^actions\/checkout@v\d+$/);
      expect(obj(steps[0]?.with, 'checkout.with')['fetch-depth']).toBe(0);
      const node = steps.find((s) => str(s.uses).startsWith('actions/setup-node@'));
      expect(str(obj(node?.with, 'setup-node.with')['node-version'])).toBe('20');
    });

    test('the HIP backend is required: a runner without a usable GPU fails rather than skips', () => {
      expect(env.SAMPLING_BACKEND).toBe('hip');
      expect(env.SAMPLING_REQUIRE_GPU).toBe('1');
    });

    test('head: npm ci, the suites, then the compile gates, the mutation self-test and the bench, in that order', () => {
      const order = ['npm ci', 'npx vitest run suites', 'npx tsx scripts/compile-gates.ts', 'npm run mutants', 'npm run bench'].map(head);
      expect(order.every((i) => i >= 0), `missing: ${JSON.stringify(order)}`).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    });

    test('the head suites fail the job', () => {
      const suites = steps[head('npx vitest run suites')] as Obj;
      expect(suites['continue-on-error'] ?? false).toBe(false);
      expect(str(suites.run)).not.toMatch(/\|\|\s*(true|:|exit 0)|;\s*exit 0|set \+e/);
      expect(job['continue-on-error'] ?? false).toBe(false);
    });

    test('base: a worktree of the base commit runs npm ci, the suites and the bench, after the head', () => {
      const pick = steps.findIndex((s) => /git worktree add\b.*\$RUNNER_TEMP\/base/.test(str(s.run)));
      expect(pick).toBeGreaterThan(head('npm run bench'));
      expect(str(obj(steps[pick]?.env, 'pick.env').PR_BASE)).toContain('github.event.pull_request.base.sha');
      const order = ['npm ci', 'npx vitest run suites', 'npm run bench'].map(base);
      expect(order.every((i) => i > pick), `base steps: ${JSON.stringify(order)}`).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    });

    test('the compare runs after both, with base and head results and a slowdown threshold, and can fail the job', () => {
      const i = runs(steps, 'npm run compare').at(0) ?? -1;
      const compare = steps[i] as Obj;
      expect(i).toBeGreaterThan(Math.max(base('npm run bench'), head('npm run bench')));
      expect(str(compare.run)).toMatch(/npm run compare -- "\$RUNNER_TEMP\/base\/reports\/results\.json" reports\/results\.json --fail-on-slower \d+%/);
      expect(compare['continue-on-error'] ?? false).toBe(false);
      expect(str(compare.if)).toMatch(/!cancelled\(\)/);
    });

    test('always uploads both report directories, after the head report is re-rendered with its artifacts', () => {
      const uploads = steps.flatMap((s, i) => (str(s.uses).startsWith('actions/upload-artifact@') ? [i] : []));
      const paths = uploads.map((i) => str(obj(steps[i]?.with, 'upload.with').path).trim());
      expect(paths).toEqual(['reports/', '${{ runner.temp }}/base/reports/']);
      for (const i of uploads) expect(str(steps[i]?.if)).toMatch(/always\(\)/);
      const render = head('npx tsx src/report/render-cli.ts reports/results.json');
      expect(render).toBeGreaterThan(head('npm run bench'));
      expect(render).toBeLessThan(Math.min(...uploads));
      expect(str(steps[render]?.if)).toMatch(/always\(\)/);
      expect(Math.min(...uploads)).toBeGreaterThan(runs(steps, 'npm run compare').at(0) ?? Infinity);
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
