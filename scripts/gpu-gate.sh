#!/usr/bin/env bash
# The whole GPU gate in one command, in the order a reviewer's report needs it: the verification suites (writes
# reports/results.json), compute-sanitizer mode (NVIDIA only: the tool is CUDA's), the mutation self-test, the
# benchmark, then the report re-rendered with every artifact. Every step runs even when an earlier one fails, so the
# report is complete; the exit status is 1 if any step failed. Step times go to reports/gate.json.
#   bash scripts/gpu-gate.sh            (npm run gate)
# Env: GATE_JOBS (suite runs side by side for sanitize/mutants; default: one per 4 cores), GATE_SKIP (space-separated
# step names to leave out: suites sanitize mutants bench render), GATE_OUT (step summary; default reports/gate.json).
set -u
cd "$(dirname "$0")/.."
mkdir -p reports
jobs_flag=()
if [ -n "${GATE_JOBS:-}" ]; then jobs_flag=(--jobs "$GATE_JOBS"); fi
skip=" ${GATE_SKIP:-} "
steps=()
status=0

step() {
  local name=$1; shift
  if [[ "$skip" == *" $name "* ]]; then steps+=("{\"step\":\"$name\",\"status\":\"skipped\",\"why\":\"GATE_SKIP\"}"); return; fi
  echo "=== gate: $name: $* ($(date -u +%H:%M:%S))"
  local t0=$SECONDS
  "$@"
  local rc=$?
  echo "=== gate: $name: exit $rc after $((SECONDS - t0)) s"
  steps+=("{\"step\":\"$name\",\"status\":\"$([ $rc -eq 0 ] && echo passed || echo failed)\",\"exit\":$rc,\"seconds\":$((SECONDS - t0))}")
  [ $rc -eq 0 ] || status=1
}

has_sanitizer() {
  command -v compute-sanitizer >/dev/null 2>&1 || [ -x "${CUDA_HOME:-/usr/local/cuda}/bin/compute-sanitizer" ] || [ -n "${COMPUTE_SANITIZER:-}" ]
}

step suites npx vitest run --project suites
if has_sanitizer; then
  step sanitize npx tsx scripts/sanitize.ts "${jobs_flag[@]}"
else
  steps+=('{"step":"sanitize","status":"skipped","why":"compute-sanitizer not found (NVIDIA CUDA toolkit only)"}')
fi
step mutants npx tsx scripts/mutants.ts "${jobs_flag[@]}"
step bench npx tsx bench/kernels.ts
if [ -f reports/results.json ]; then
  step render npx tsx src/report/render-cli.ts reports/results.json
else
  steps+=('{"step":"render","status":"skipped","why":"no reports/results.json (the suites did not run)"}')
fi
out=${GATE_OUT:-reports/gate.json}
commit=${SAMPLING_GIT_COMMIT:-$(git rev-parse HEAD 2>/dev/null || true)}
(IFS=,; printf '{%s"createdAt":"%s","ok":%s,"steps":[%s]}\n' "${commit:+\"commit\":\"$commit\",}" "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" "$([ $status -eq 0 ] && echo true || echo false)" "${steps[*]}") > "$out"
cat "$out"
exit $status
