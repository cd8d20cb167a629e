// Every kernel at one shape of more than 2^31 elements. The rule (docs/design.md, "Kernel ABI"): shapes of more than
// 2^31 elements are callable (the binding checks device memory, not int32 indexing): a kernel indexes rows with
// 64-bit offsets, so 32-bit offset arithmetic that overflows is caught here.
// Checks (suites/kit/large-shape-suite.ts): at 14,200 × 151,936 fp32 (8.6 GB per buffer), one row kind at a time,
// every launch succeeds within its budget, and every row's valid flag, token (exact replay where declared) and the
// boundary rows agree with the reference. Skipped, with the memory it needs and the memory the device has, on a
// smaller device.
import { largeShapeSuite } from '../kit/large-shape-suite.ts';

largeShapeSuite();
