/**
 * The parts of a manifest entry the kernel binding reads (docs/design.md, "Kernel ABI"). Structural on purpose:
 * entries loaded by src/manifest satisfy it, and the binding's tests build small entries by hand.
 */
export type ParamType = 'f32*' | 'i32*' | 'u32*' | 'f32' | 'i32' | 'u32' | 'u64';
export type ParamRole = 'in' | 'out' | 'inout' | 'scalar' | 'per-row';
export type ParamShape = 'batch*vocab' | 'batch';

export interface AbiParam {
  readonly name: string;
  readonly type: ParamType;
  readonly role: ParamRole;
  readonly shape?: ParamShape;
  readonly nullable?: boolean;
  readonly range?: readonly [number, number];
}

export interface AbiEntry {
  readonly name: string;
  readonly file: string;
  readonly function: string;
  readonly params: readonly AbiParam[];
}

/** One-dimensional launch, as src/manifest's `resolveLaunch` returns it. */
export interface ResolvedLaunch {
  readonly grid: number;
  readonly block: number;
  readonly sharedBytes: number;
}

export type LaunchResolver<E extends AbiEntry> = (entry: E, size: { batch: number; vocab: number }) => ResolvedLaunch;

export type DeviceArray = Float32Array | Int32Array | Uint32Array;

export function isPointer(t: ParamType): t is 'f32*' | 'i32*' | 'u32*' {
  return t.endsWith('*');
}

/** The typed array a pointer parameter takes. */
export function arrayKindOf(t: 'f32*' | 'i32*' | 'u32*'): { name: string; ctor: Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor } {
  switch (t) {
    case 'f32*':
      return { name: 'Float32Array', ctor: Float32Array };
    case 'i32*':
      return { name: 'Int32Array', ctor: Int32Array };
    case 'u32*':
      return { name: 'Uint32Array', ctor: Uint32Array };
  }
}
