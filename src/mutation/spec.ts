/**
 * A mutant: one planted bug, described declaratively as a single exact-text replacement in one kernel source file.
 * Specs, not copies: a copy of a kernel would silently drift from the real one; a find/replace pair fails loudly
 * (see materialize.ts) the moment the real kernel changes under it.
 */

/** The classes of bug the corpus models; each maps to bugs real sampling libraries shipped. */
export const BUG_CLASSES = [
  'topk-off-by-one',
  'nucleus-boundary-comparison',
  'topp-unrenormalized-after-topk',
  'scan-missing-barrier',
  'serial-thread0-loop',
  'nonterminating-loop',
  'token-equals-vocab',
  'biased-uniform',
  'shared-subsequence',
  'seed-ignored',
  'temperature-multiplied',
  'softmax-no-max-subtraction',
  'shared-memory-out-of-bounds',
  'global-memory-out-of-bounds',
  'exponential-race-tail',
  'nondeterministic-tie-break',
  'speculative-residual-unnormalized',
  'speculative-bonus-from-draft',
  'packed-halves-swapped',
] as const;

export type BugClass = (typeof BUG_CLASSES)[number];

export const SANITIZER_TOOLS = ['memcheck', 'racecheck'] as const;
export type SanitizerTool = (typeof SANITIZER_TOOLS)[number];

/**
 * Which check is expected to catch the mutant.
 * - suite: a failed test in `suites/<family>/` whose full name or failure message contains `check`
 *   (case-insensitive substring; e.g. 'valid-flags', 'watchdog').
 * - sanitizer: compute-sanitizer's `tool` reports at least one error for a kernel of the mutant's file.
 */
export type ExpectedKill =
  | { readonly by: 'suite'; readonly family: string; readonly check: string }
  | { readonly by: 'sanitizer'; readonly tool: SanitizerTool };

export interface MutantSpec {
  /** Lowercase kebab-case, unique in the corpus; also the MUTANT(<id>) tag in the replacement. */
  readonly id: string;
  readonly bugClass: BugClass;
  /** The real-world bug it models, e.g. "vLLM #43150: fp32 exponential race never samples the tail". */
  readonly description: string;
  /**
   * The kernel directory the bug is planted in, relative to the repository root (default DEFAULT_BASE_DIR): the
   * example kernel directories carry mutants of their own. The suites on this directory unmutated are the baseline
   * the mutant is judged against.
   */
  readonly baseDir?: string;
  /** Path of the mutated file relative to the kernel directory, e.g. 'include/filters.h' or 'softmax.hip'. */
  readonly file: string;
  /** Exact text that must occur exactly once in `file`. */
  readonly find: string;
  /** The buggy text; must differ from `find` and contain `MUTANT(<id>): <what is wrong>`. */
  readonly replace: string;
  readonly expectedKill: ExpectedKill;
  /** Suite folders (under suites/) to run against the mutant; the expected family must be among them. */
  readonly families: readonly string[];
  /**
   * Kernel sources (relative to the kernel directory) that exercise the mutated file; compiled by the CPU test.
   * For a `.hip` file this is the file itself.
   */
  readonly compileUnits: readonly string[];
}

/** The kernel directory of a spec without `baseDir`: the shipped kernels. */
export const DEFAULT_BASE_DIR = 'kernels';

/** The spec's kernel directory relative to the repository root. */
export function mutantBaseDir(spec: Pick<MutantSpec, 'baseDir'>): string {
  return spec.baseDir ?? DEFAULT_BASE_DIR;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FAMILY = /^[a-z0-9][a-z0-9_-]*$/;
const REL_PATH = /^(?!\/)(?!.*\.\.)[A-Za-z0-9_./-]+$/;

/** The comment every replacement carries, so a reader of a materialized kernel sees what was planted. */
export function mutantTagPattern(id: string): RegExp {
  return new RegExp(`MUTANT\\(${id.replace(/[-]/g, '\\-')}\\): \\S`);
}

/** Problems with one spec (empty when well-formed). Each message names the mutant and the field. */
export function specProblems(spec: MutantSpec): string[] {
  const p: string[] = [];
  const at = (field: string, msg: string) => p.push(`mutant '${spec.id}': ${field} ${msg}`);
  if (!ID.test(spec.id)) at('id', 'must be lowercase kebab-case ([a-z0-9] words joined by -)');
  if (!(BUG_CLASSES as readonly string[]).includes(spec.bugClass)) at('bugClass', `must be one of ${BUG_CLASSES.join(', ')}`);
  if (spec.description.trim().length < 20) at('description', 'must name the real-world bug it models (>= 20 characters)');
  if (spec.baseDir !== undefined && !REL_PATH.test(spec.baseDir)) at('baseDir', `must be a relative path inside the repository, got '${spec.baseDir}'`);
  if (!REL_PATH.test(spec.file)) at('file', `must be a relative path inside the kernel directory, got '${spec.file}'`);
  if (spec.find.length === 0) at('find', 'must not be empty');
  if (spec.replace === spec.find) at('replace', 'must differ from find');
  if (!mutantTagPattern(spec.id).test(spec.replace)) at('replace', `must contain the comment 'MUTANT(${spec.id}): <bug>'`);
  if (spec.families.length === 0) at('families', 'must name at least one suite folder');
  for (const f of spec.families) if (!FAMILY.test(f)) at('families', `entry '${f}' is not a folder name`);
  if (spec.expectedKill.by === 'suite') {
    if (!spec.families.includes(spec.expectedKill.family)) {
      at('expectedKill.family', `'${spec.expectedKill.family}' must be one of families [${spec.families.join(', ')}]`);
    }
    if (spec.expectedKill.check.trim().length === 0) at('expectedKill.check', 'must not be empty');
  } else if (!(SANITIZER_TOOLS as readonly string[]).includes(spec.expectedKill.tool)) {
    at('expectedKill.tool', `must be one of ${SANITIZER_TOOLS.join(', ')}`);
  }
  if (spec.compileUnits.length === 0) at('compileUnits', 'must list at least one .hip source');
  for (const u of spec.compileUnits) {
    if (!REL_PATH.test(u) || !u.endsWith('.hip')) at('compileUnits', `entry '${u}' must be a relative .hip path`);
  }
  if (spec.file.endsWith('.hip') && !spec.compileUnits.includes(spec.file)) {
    at('compileUnits', `must include the mutated source '${spec.file}'`);
  }
  return p;
}

/** Problems across a corpus: every spec's own, plus duplicate ids. */
export function corpusProblems(corpus: readonly MutantSpec[]): string[] {
  const seen = new Set<string>();
  const p: string[] = [];
  for (const s of corpus) {
    if (seen.has(s.id)) p.push(`mutant '${s.id}': id is used more than once`);
    seen.add(s.id);
    p.push(...specProblems(s));
  }
  return p;
}

/** Throws a RangeError listing every problem; returns the corpus otherwise. */
export function assertValidCorpus(corpus: readonly MutantSpec[]): readonly MutantSpec[] {
  const p = corpusProblems(corpus);
  if (p.length > 0) throw new RangeError(`invalid mutant corpus:\n  ${p.join('\n  ')}`);
  return corpus;
}
