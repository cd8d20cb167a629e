/**
 * Headless Chromium for the report's browser test. Console messages are read from Chromium's own log
 * (--enable-logging=stderr): every console call and every uncaught error appears there as "CONSOLE" lines,
 * all at INFO level, so the report page's rule is strict: it writes nothing to the console at all.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { config } from '../../src/config/index.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The configured browser (CHROMIUM) if set, else the first known install path; undefined when none exists. */
export function findChromium(given: string | null = config().chromium): string | undefined {
  if (given !== null) return existsSync(given) ? given : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

export interface HeadlessResult {
  /** The DOM after scripts ran. */
  readonly dom: string;
  /** Console output and uncaught errors, one entry per message. */
  readonly console: readonly string[];
}

// "INFO:CONSOLE:1]" in current Chromium, "INFO:CONSOLE(12)]" in older releases CI images may carry.
const CONSOLE_LINE = /:CONSOLE(?::\d+|\(\d+\))?\]\s*(.*)$/;

/** Extracts console messages from Chromium's stderr log. */
export function consoleMessages(stderr: string): string[] {
  return stderr.split('\n').flatMap((line) => {
    const m = CONSOLE_LINE.exec(line);
    return m === null ? [] : [m[1] ?? ''];
  });
}

function run(binary: string, args: readonly string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(binary, [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${binary} failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolvePromise({ stdout, stderr });
    });
  });
}

const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', '--no-first-run', '--disable-extensions'];

/** Loads `url`, returns the DOM and the console messages. */
export async function loadPage(binary: string, url: string, timeoutMs = 60_000): Promise<HeadlessResult> {
  const { stdout, stderr } = await run(binary, [...BASE_ARGS, '--dump-dom', url], timeoutMs);
  return { dom: stdout, console: consoleMessages(stderr) };
}

/** Writes a PNG screenshot of `url` to `pngPath`. */
export async function screenshot(binary: string, url: string, pngPath: string, size = '1280,2400', timeoutMs = 60_000): Promise<void> {
  await run(binary, [...BASE_ARGS, `--window-size=${size}`, `--screenshot=${pngPath}`, url], timeoutMs);
}
