/** A failed driver call: which call, its numeric code and the driver's own name for it. */
export class DriverError extends Error {
  constructor(
    readonly backend: 'cuda' | 'hip',
    readonly call: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`${call} failed: ${description} (${backend} error ${code})`);
    this.name = 'DriverError';
  }
}
