/**
 * Parses compute-sanitizer's text output (one process's log, as written by `--log-file <dir>/%p.log`).
 * Formats seen on compute-sanitizer 2025.3 (H100):
 *   memcheck   "========= Invalid __shared__ write of size 4 bytes" then "=========     at <kernel>+0x80 in f.cu:5",
 *              closed by "========= ERROR SUMMARY: N errors" (and "... M errors were not printed ...").
 *   racecheck  "========= Error: Race reported between Write access at <kernel>+0x90 in f.cu:11",
 *              closed by "========= RACECHECK SUMMARY: H hazards displayed (E errors, W warnings)".
 * Per-kernel counts come from printed records; errors beyond --print-limit are counted as unattributed.
 */

export interface SanitizerLog {
  readonly tool: 'memcheck' | 'racecheck' | null;
  /** Total errors from the summary line(s); null when the process died before printing one. */
  readonly errors: number | null;
  /** Racecheck warnings (hazards of lower severity); 0 for memcheck. */
  readonly warnings: number;
  /** Printed error records by kernel name ('(host)' for records that name no kernel, e.g. API errors). */
  readonly perKernel: Readonly<Record<string, number>>;
  /** errors − printed records (>= 0): errors --print-limit kept from being attributed. */
  readonly unattributed: number;
  /** A summary line was seen: the process ran to completion under the tool. */
  readonly complete: boolean;
}

const PREFIX = '========= ';
const MEMCHECK_SUMMARY = /^=========\s+ERROR SUMMARY:\s+(\d+)\s+errors?\s*$/;
const RACECHECK_SUMMARY = /^=========\s+RACECHECK SUMMARY:\s+\d+\s+hazards?\s+displayed\s+\((\d+)\s+errors?,\s+(\d+)\s+warnings?\)/;
const NOT_RECORDS = /^(COMPUTE-SANITIZER|ERROR SUMMARY|RACECHECK SUMMARY|Target application|This tool|LEAK SUMMARY|Warning: Race|Warning:)/;
// "at racy_scan+0x90 in f.cu:11", "at void k<512>(float*)+0x90", older "at 0x90 in racy_scan".
const AT_KERNEL = /\bat\s+(.+?)\+0x[0-9a-fA-F]+/;
const AT_OLD = /\bat\s+0x[0-9a-fA-F]+\s+in\s+(\S+)/;

function kernelIn(line: string): string | null {
  const m = AT_KERNEL.exec(line) ?? AT_OLD.exec(line);
  return m?.[1]?.trim() ?? null;
}

export function parseSanitizerLog(text: string): SanitizerLog {
  const lines = text.split(/\r?\n/);
  let tool: SanitizerLog['tool'] = null;
  let errors: number | null = null;
  let warnings = 0;
  const perKernel: Record<string, number> = {};
  let printed = 0;
  let open: { kernel: string | null } | null = null;
  const close = () => {
    if (open === null) return;
    const k = open.kernel ?? '(host)';
    perKernel[k] = (perKernel[k] ?? 0) + 1;
    printed++;
    open = null;
  };
  for (const line of lines) {
    const mem = MEMCHECK_SUMMARY.exec(line);
    if (mem) {
      close();
      tool ??= 'memcheck';
      errors = (errors ?? 0) + Number(mem[1]);
      continue;
    }
    const race = RACECHECK_SUMMARY.exec(line);
    if (race) {
      close();
      tool = 'racecheck';
      errors = (errors ?? 0) + Number(race[1]);
      warnings += Number(race[2]);
      continue;
    }
    if (!line.startsWith('=========')) continue;
    const body = line.slice(PREFIX.length);
    const isHeader = line.startsWith(PREFIX) && body.length > 0 && body[0] !== ' ';
    if (isHeader) {
      close();
      if (NOT_RECORDS.test(body)) continue;
      open = { kernel: kernelIn(body) };
    } else if (open !== null && open.kernel === null && /^\s+at\s/.test(body)) {
      open.kernel = kernelIn(body);
    } else if (body.trim().length === 0) {
      close();
    }
  }
  close();
  // A racecheck "Warning:" record is not an error; it was skipped above, so printed counts errors only.
  const unattributed = errors === null ? 0 : Math.max(0, errors - printed);
  return { tool, errors, warnings, perKernel, unattributed, complete: errors !== null };
}

/** Merges the logs of every process of one sanitizer run (vitest, its forks, the GPU worker). */
export function mergeSanitizerLogs(logs: readonly SanitizerLog[]): SanitizerLog {
  const perKernel: Record<string, number> = {};
  let errors: number | null = null;
  let warnings = 0;
  let unattributed = 0;
  let tool: SanitizerLog['tool'] = null;
  let complete = logs.length > 0;
  for (const l of logs) {
    tool ??= l.tool;
    if (l.errors !== null) errors = (errors ?? 0) + l.errors;
    warnings += l.warnings;
    unattributed += l.unattributed;
    complete &&= l.complete;
    for (const [k, n] of Object.entries(l.perKernel)) perKernel[k] = (perKernel[k] ?? 0) + n;
  }
  return { tool, errors, warnings, perKernel, unattributed, complete };
}
