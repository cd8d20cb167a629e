// param_ranges.h: the per-row parameter ranges of docs/design.md. A value outside its range
// makes that row invalid inside a kernel (the host rejects bad values before launch).
#pragma once

#include "gpu_compat.h"

namespace sampling {

// NaN fails every comparison, so it is out of range everywhere.
SAMPLING_DEVICE bool top_k_in_range(int k) { return k >= 1; }
SAMPLING_DEVICE bool top_p_in_range(float p) { return p > 0.0f && p <= 1.0f; }
SAMPLING_DEVICE bool min_p_in_range(float m) { return m >= 0.0f && m <= 1.0f; }
SAMPLING_DEVICE bool temperature_in_range(float t) { return t > 0.0f && t < INFINITY; }

}  // namespace sampling
