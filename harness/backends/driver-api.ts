/**
 * A vendor's symbols bound through koffi, called by operation name. Kept apart from the backend so a test (and
 * detect()) can bind every symbol without a device.
 */
import { DriverError } from './driver-error.ts';
import { requiredOps, symbolName, type DriverOp, type DriverVendor } from './driver-vendor.ts';
import { toNumber, type LoadedLibrary } from './native-lib.ts';
import { errorMessage } from '../../src/errors.ts';

type NativeFn = (...args: unknown[]) => unknown;

export class DriverApi {
  private readonly fns = new Map<DriverOp, NativeFn>();

  /** Binds every operation that is not lazy; throws naming the first symbol the library lacks. */
  constructor(
    readonly vendor: DriverVendor,
    private readonly loaded: LoadedLibrary,
  ) {
    for (const op of requiredOps(vendor)) {
      if (vendor.symbols[op] === undefined) throw new Error(`the ${vendor.kind} vendor table has no symbol for '${op}'`);
    }
    for (const op of Object.keys(vendor.symbols) as DriverOp[]) {
      if (vendor.lazy[op] !== undefined) continue;
      try {
        this.fns.set(op, this.bind(op));
      } catch (e) {
        throw new Error(`${vendor.library} lacks symbol ${this.symbol(op)}: ${errorMessage(e)}`);
      }
    }
  }

  get soname(): string {
    return this.loaded.soname;
  }

  /** The vendor's symbol name for an operation ('cuMemAlloc_v2'). */
  symbol(op: DriverOp): string {
    const proto = this.vendor.symbols[op];
    if (proto === undefined) throw new Error(`the ${this.vendor.kind} vendor table has no symbol for '${op}'`);
    return symbolName(proto);
  }

  has(op: DriverOp): boolean {
    return this.vendor.symbols[op] !== undefined;
  }

  private bind(op: DriverOp): NativeFn {
    return this.loaded.lib.func(this.vendor.symbols[op] as string) as NativeFn;
  }

  /** The bound function; a lazy one is bound now, and its absence is an error naming the feature that needs it. */
  fn(op: DriverOp): NativeFn {
    let f = this.fns.get(op);
    if (f !== undefined) return f;
    try {
      f = this.bind(op);
    } catch {
      const feature = this.vendor.lazy[op] ?? `'${op}'`;
      throw new Error(`${feature} need ${this.symbol(op)}, which ${this.soname} lacks: this runtime predates it; use a newer one`);
    }
    this.fns.set(op, f);
    return f;
  }

  /** Calls an operation and returns its status code, success or not. */
  status(op: DriverOp, ...args: unknown[]): number {
    return toNumber(this.fn(op)(...args), this.symbol(op));
  }

  /** Calls an operation; a status other than success throws a DriverError naming the symbol and `detail`. */
  call(op: DriverOp, args: readonly unknown[], detail?: string): void {
    const code = this.status(op, ...args);
    if (code !== this.vendor.codes.success) this.fail(op, code, detail);
  }

  fail(op: DriverOp, code: number, detail?: string): never {
    const call = detail === undefined ? this.symbol(op) : `${this.symbol(op)}(${detail})`;
    throw new DriverError(this.vendor.kind, call, code, this.describe(code) ?? `unknown ${this.vendor.kind} error`);
  }

  /** The runtime's own text for a status code, or null when it has none. */
  describe(code: number): string | null {
    const getText = this.fn('getErrorString');
    if (this.vendor.errorText === 'returned') {
      const text = getText(code);
      return typeof text === 'string' ? text : null;
    }
    const out: (string | null)[] = [null];
    const ok = toNumber(getText(code, out), this.symbol('getErrorString')) === this.vendor.codes.success;
    return ok && out[0] ? out[0] : null;
  }
}
