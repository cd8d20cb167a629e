/** Loading a driver library from a list of sonames, with every failure kept for the error message. */
import koffi from 'koffi';
import { errorMessage } from '../../src/errors.ts';

export type LibraryHandle = ReturnType<typeof koffi.load>;

export interface LoadedLibrary {
  readonly lib: LibraryHandle;
  readonly soname: string;
}

export class LibraryNotFoundError extends Error {
  constructor(readonly tried: readonly { soname: string; error: string }[]) {
    super(`could not load any of ${tried.map((t) => `${t.soname} (${t.error})`).join('; ')}`);
    this.name = 'LibraryNotFoundError';
  }
}

export function loadFirst(sonames: readonly string[]): LoadedLibrary {
  const tried: { soname: string; error: string }[] = [];
  for (const soname of sonames) {
    try {
      return { lib: koffi.load(soname), soname };
    } catch (e) {
      tried.push({ soname, error: errorMessage(e).split('\n')[0] ?? '' });
    }
  }
  throw new LibraryNotFoundError(tried);
}

/** koffi returns 64-bit integers as number when they fit and bigint otherwise; addresses are always bigint here. */
export function toBigInt(v: unknown, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (v === null) return 0n;
  throw new TypeError(`${what}: expected an integer handle from the driver, got ${typeof v}`);
}

export function toNumber(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new TypeError(`${what}: expected a number from the driver, got ${typeof v}`);
}

/** Bytes of a typed array as a Uint8Array over the same memory, so koffi passes its address without a copy. */
export function bytesView(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
