// The hold kernel of queued timing (harness/runner.ts, LaunchOptions.queuedTiming): one thread spins for a number of
// clock cycles so that the stream is busy while the host submits the start event, the measured kernel and the end
// event. The start event is then stamped when the GPU reaches it, right before the kernel, not when the host
// recorded it: the event pair brackets the kernel, not the host's time to submit it.
#include "../test-kernels/test_compat.h"

TK_KERNEL void sampling_hold(long long cycles) {
  if (threadIdx.x != 0) return;
  const long long start = clock64();
  while (clock64() - start < cycles) {
  }
}
