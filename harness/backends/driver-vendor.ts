/**
 * What differs between the CUDA driver API and the HIP runtime, as data: one table per vendor (cuda-api.ts,
 * hip-api.ts) names the symbol of each operation the driver backend performs, the status codes, how an error code
 * becomes text, the attribute ids, how a context is made current and how the compiler target is named.
 */

/** Operations every vendor provides; the driver backend calls them by these names. */
export const COMMON_OPS = [
  'init',
  'driverGetVersion',
  'deviceGetCount',
  'deviceGet',
  'deviceGetName',
  'deviceGetAttribute',
  'deviceTotalMem',
  'synchronize',
  'moduleLoadData',
  'moduleUnload',
  'moduleGetFunction',
  'funcSetAttribute',
  'memAlloc',
  'memFree',
  'memcpyHtoD',
  'memcpyDtoH',
  'memcpyDtoDAsync',
  'memsetD8Async',
  'memGetInfo',
  'launchKernel',
  'launchCooperativeKernel',
  'streamCreate',
  'streamDestroy',
  'eventCreate',
  'eventRecord',
  'eventQuery',
  'eventElapsedTime',
  'eventDestroy',
  'getErrorString',
] as const;
export type CommonOp = (typeof COMMON_OPS)[number];

/** How the device's context becomes current, and the operations each way needs. */
export const CONTEXT_OPS = {
  /** CUDA: retain the device's primary context, make it current, release it on close. */
  'primary-context': ['primaryCtxRetain', 'ctxSetCurrent', 'primaryCtxRelease'],
  /** HIP: select the device; the runtime manages the context. */
  'set-device': ['setDevice'],
} as const;
export type ContextKind = keyof typeof CONTEXT_OPS;

/** How the compiler target is named, and the operations each way needs. */
export const ARCH_OPS = {
  /** 'sm_<major><minor>' from the compute-capability attributes. */
  'compute-capability': [],
  /** gcnArchName ('gfx90a:sramecc+:xnack-') read from the device properties, feature flags dropped. */
  'gcn-arch-name': ['getDeviceProperties'],
} as const;

type StrategyOp = (typeof CONTEXT_OPS)[ContextKind][number] | (typeof ARCH_OPS)[keyof typeof ARCH_OPS][number];
/** Reported when the vendor has it (DeviceInfo.runtimeVersion). */
type OptionalOp = 'runtimeGetVersion';
export type DriverOp = CommonOp | StrategyOp | OptionalOp;

export interface DriverVendor {
  readonly kind: 'cuda' | 'hip';
  /** The library's name in messages ('libcuda'). */
  readonly library: string;
  readonly sonames: readonly string[];
  /** The C prototype (koffi syntax) of the symbol that performs each operation. */
  readonly symbols: Readonly<Record<CommonOp, string>> & Readonly<Partial<Record<StrategyOp | OptionalOp, string>>>;
  /**
   * Operations bound on first use, each with the feature that needs it: runtime versions still in use lack
   * them, and only that feature should fail there, with a message saying so.
   */
  readonly lazy: Readonly<Partial<Record<DriverOp, string>>>;
  readonly codes: { readonly success: number; readonly notReady: number; readonly noDevice: number };
  /** 'out-param': `int f(int code, const char **text)`; 'returned': `const char *f(int code)`. */
  readonly errorText: 'out-param' | 'returned';
  readonly deviceAttributes: {
    readonly warpSize: number;
    readonly multiprocessors: number;
    /** Tried in order: the first the runtime answers with a positive value is the per-block opt-in maximum. */
    readonly sharedBytesPerBlockOptin: readonly number[];
  };
  readonly functionAttributes: { readonly maxDynamicSharedBytes: number };
  readonly context: ContextKind;
  readonly arch:
    | { readonly from: 'compute-capability'; readonly majorAttribute: number; readonly minorAttribute: number }
    | { readonly from: 'gcn-arch-name' };
}

/** Every operation the backend will call for this vendor: the common ones and those of its strategies. */
export function requiredOps(vendor: DriverVendor): DriverOp[] {
  return [...COMMON_OPS, ...CONTEXT_OPS[vendor.context], ...ARCH_OPS[vendor.arch.from]];
}

/** The symbol name in a prototype: the identifier right before the parameter list. */
export function symbolName(prototype: string): string {
  const m = /(\w+)\s*\(/.exec(prototype);
  if (!m) throw new Error(`not a C prototype: '${prototype}'`);
  return m[1] as string;
}
