// Never finishes unless *flag becomes non-zero, which nothing does: the watchdog test's runaway kernel.
#include "test_compat.h"

TK_KERNEL void spin(volatile int* flag) {
  while (*flag == 0) {
  }
}
