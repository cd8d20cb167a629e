/** reports/compile-gates.json: one result per manifest file × target, and the host checks. */
import type { GpuCompiler } from '../../harness/toolchain.ts';
import type { KernelResources } from './resource-usage.ts';

export const COMPILE_GATES_FILE = 'compile-gates.json';

export type GateStatus = 'ok' | 'failed' | 'skipped';

export interface CompileResult {
  readonly file: string;
  readonly target: string;
  readonly status: GateStatus;
  readonly reason?: string;
  readonly command?: string;
  readonly durationMs?: number;
  /** The compile came from the content-keyed cache (the same sources, flags and compiler compiled before). */
  readonly cached?: boolean;
  /** Compiler diagnostics other than resource-usage notes (errors, warnings). */
  readonly diagnostics: readonly string[];
  readonly kernels: Readonly<Record<string, KernelResources>>;
  /** Manifest functions of this file that the compiler did not report. */
  readonly missingFunctions: readonly string[];
}

export interface HostCheck {
  readonly name: string;
  readonly status: GateStatus;
  readonly output: string;
}

export interface CompileGatesReport {
  readonly manifestDir: string;
  readonly ok: boolean;
  readonly targets: readonly string[];
  /** Each compiler's `--version` line, or null when it is not installed. */
  readonly compilers: Readonly<Record<GpuCompiler, string | null>>;
  readonly results: readonly CompileResult[];
  readonly hostChecks: readonly HostCheck[];
}

/** One line per result, as the CLI prints it. */
export function formatResult(r: CompileResult): string {
  const worst = Object.values(r.kernels).reduce((m, k) => Math.max(m, k.registers ?? k.vgprs ?? 0), 0);
  const how = r.status === 'ok' ? `  kernels=${Object.keys(r.kernels).length} maxRegs=${worst}${r.cached ? ' (cached)' : ''}` : '';
  return [`${r.status.padEnd(7)} ${r.target.padEnd(7)} ${r.file}${r.reason ? ` (${r.reason})` : ''}${how}`, ...r.diagnostics.map((d) => `        ${d}`)].join('\n');
}
