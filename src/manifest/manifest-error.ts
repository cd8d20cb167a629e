/** A manifest problem, naming the file, the entry (when there is one) and the field. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    readonly file: string,
    readonly entry: string | null,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${entry === null ? '' : `entry '${entry}' `}field '${field}': ${problem}`);
  }
}
