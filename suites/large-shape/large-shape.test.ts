// Every kernel at one shape of more than 2^31 elements (14,200 × 151,936 fp32, 8.6 GB per buffer): 32-bit offset
// arithmetic overflows there. Skipped, with the memory it needs and the memory the device has, on a smaller device.
import { largeShapeSuite } from '../kit/large-shape-suite.ts';

largeShapeSuite();
