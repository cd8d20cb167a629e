/**
 * The false-failure budget of the chi-square agreement tests for a whole `npx vitest run suites`.
 *
 * Each samplingSuite() call (one per family test file) is one Holm family. vitest runs every file in its own
 * process and nothing joins their p-values, so the run-wide rate is split evenly (Bonferroni across families):
 * each family gets RUN_FALSE_FAILURE_RATE / CHI_SQUARE_FAMILIES, and by the union bound a correct set of kernels
 * fails any chi-square case of the whole run with probability ≤ RUN_FALSE_FAILURE_RATE. chi-square-plan.test.ts
 * counts the samplingSuite() calls under suites/ so this number cannot go stale.
 *
 * Cases join their file's family (the LLM-shaped tail cases included): more cases raise Holm's m inside the file,
 * which Holm accounts for, and leave this split unchanged. A new chi-square family (another samplingSuite() call)
 * changes the split; the CPU tail-loss test (chi-square-tail.test.ts) uses a fixed seed, so its outcome is the same
 * every run and it adds nothing to the rate.
 */

/** Probability that a run over correct kernels fails any chi-square case (product owner's requirement). */
export const RUN_FALSE_FAILURE_RATE = 1e-4;

/** samplingSuite() calls under suites/ (rng, logits, minp, topk, topp, fused) and speculativeSuite() (speculative). */
export const CHI_SQUARE_FAMILIES = 7;

/** Holm's family-wise alpha inside one family file. */
export const FILE_FAMILY_ALPHA = RUN_FALSE_FAILURE_RATE / CHI_SQUARE_FAMILIES;

/** Largest input per chi-square launch: decides rows per launch (planDraws), so 1e6 draws take ~60 launches. */
export const CHI_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** What the report records next to each family's results. */
export function alphaSplitNote(): string {
  return `family alpha ${FILE_FAMILY_ALPHA.toExponential(3)} = run-wide ${RUN_FALSE_FAILURE_RATE} / ${CHI_SQUARE_FAMILIES} families (one per sampling test file; Holm within the file, Bonferroni across files)`;
}
