/**
 * What the compilers report about each kernel (registers, shared memory / LDS, spills, scratch), read from the log
 * of a compile with the flags of harness/toolchain.ts (`ptxas -v`; clang's kernel-resource-usage remarks).
 */

/** Resource usage of one kernel on one target; fields a compiler does not report are absent. */
export interface KernelResources {
  registers?: number;
  sgprs?: number;
  vgprs?: number;
  agprs?: number;
  sharedBytes?: number;
  stackBytes?: number;
  spillStoreBytes?: number;
  spillLoadBytes?: number;
  sgprSpills?: number;
  vgprSpills?: number;
  scratchBytesPerLane?: number;
  occupancyWavesPerSimd?: number;
}

const num = (s: string | undefined): number => Number(s);

/** Parses `ptxas -v` output into per-kernel resources. */
export function parsePtxasUsage(text: string): Record<string, KernelResources> {
  const kernels: Record<string, KernelResources> = {};
  let current: KernelResources | null = null;
  for (const line of text.split('\n')) {
    const props = /Function properties for (\w+)/.exec(line);
    if (props) {
      current = kernels[props[1] as string] ??= {};
      continue;
    }
    if (current === null) continue;
    const frame = /(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/.exec(line);
    if (frame) {
      current.stackBytes = num(frame[1]);
      current.spillStoreBytes = num(frame[2]);
      current.spillLoadBytes = num(frame[3]);
    }
    const used = /Used (\d+) registers.*?(\d+) bytes smem/.exec(line);
    if (used) {
      current.registers = num(used[1]);
      current.sharedBytes = num(used[2]);
      current.stackBytes ??= 0;
      current.spillStoreBytes ??= 0;
      current.spillLoadBytes ??= 0;
    }
  }
  return kernels;
}

const AMD_FIELDS: ReadonlyArray<[RegExp, keyof KernelResources]> = [
  [/remark:\s+SGPRs: (\d+)/, 'sgprs'],
  [/remark:\s+VGPRs: (\d+)/, 'vgprs'],
  [/remark:\s+AGPRs: (\d+)/, 'agprs'],
  [/remark:\s+ScratchSize \[bytes\/lane\]: (\d+)/, 'scratchBytesPerLane'],
  [/remark:\s+Occupancy \[waves\/SIMD\]: (\d+)/, 'occupancyWavesPerSimd'],
  [/remark:\s+SGPRs Spill: (\d+)/, 'sgprSpills'],
  [/remark:\s+VGPRs Spill: (\d+)/, 'vgprSpills'],
  [/remark:\s+LDS Size \[bytes\/block\]: (\d+)/, 'sharedBytes'],
];

/** Parses clang's `-Rpass-analysis=kernel-resource-usage` remarks into per-kernel resources. */
export function parseAmdgpuUsage(text: string): Record<string, KernelResources> {
  const kernels: Record<string, KernelResources> = {};
  let current: KernelResources | null = null;
  for (const line of text.split('\n')) {
    const fn = /remark: Function Name: (\w+)/.exec(line);
    if (fn) {
      current = kernels[fn[1] as string] ??= {};
      continue;
    }
    if (current === null) continue;
    for (const [re, key] of AMD_FIELDS) {
      const m = re.exec(line);
      if (m) current[key] = num(m[1]);
    }
  }
  return kernels;
}

/** Compiler output lines that are diagnostics (anything but resource-usage notes and their source echo). */
export function diagnosticLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /\b(error|warning)\b/i.test(l) && !/remark:/.test(l) && !/^ptxas info/.test(l));
}
