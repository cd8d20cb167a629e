import { pathToFileURL } from 'node:url';
import { errorMessage } from '../errors.ts';

/**
 * Runs a script's `main(argv)` when the module is the entry point (not when a test imports it):
 * its resolved number is the exit code; a thrown error prints its message and exits 2.
 */
export function runIfEntry(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(errorMessage(e));
      process.exit(2);
    },
  );
}
