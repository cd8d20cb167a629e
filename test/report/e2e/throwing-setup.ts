// A globalSetup that rejects the configuration before any test runs. With REPORT_E2E_WRITE_CAUSE=1 it first writes
// the aborted report with its cause, as the project's startup validation does.
import { writeAbortedReport } from '../../../src/report/write-report.ts';

export default function setup({ config }: { config: { root: string } }): void {
  const cause = 'SAMPLING_BACKEND must be cuda, hip, none or fake (or unset), got \'bogus\'';
  if (process.env.REPORT_E2E_WRITE_CAUSE === '1') writeAbortedReport(cause, config.root);
  throw new TypeError(cause);
}
