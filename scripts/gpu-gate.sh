#!/usr/bin/env bash
# `npm run gate`: the GPU gate (suites, sanitizer, mutants, bench, report), run by scripts/gpu-gate.ts; see there.
#   npm run gate -- [--jobs N] [--skip suites,sanitize,mutants,bench,render] [--serial]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/gpu-gate.ts "$@"
