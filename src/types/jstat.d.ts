/** Minimal ambient types for jstat 1.9 (it ships none): only the functions this project calls. */
declare module 'jstat' {
  interface JStatChiSquare {
    /** Lower-tail CDF of the chi-square distribution with `dof` degrees of freedom. */
    cdf(x: number, dof: number): number;
  }
  interface JStatStatic {
    /** ln Γ(x) for x > 0 (SPECFUN's algorithm, ~1e-15 relative). */
    loggam(x: number): number;
    /** Regularized lower incomplete gamma P(a, x) (fixed iteration count; used as an independent oracle). */
    lowRegGamma(a: number, x: number): number;
    readonly chisquare: JStatChiSquare;
  }
  const jStat: JStatStatic;
  export = jStat;
}
