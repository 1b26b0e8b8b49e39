#!/usr/bin/env bash
# The GPU proof of issue 18, in one run on a machine with an NVIDIA GPU (under 9 minutes on an
# H200 with 16 cores): CuPy (the image's, or wheels carried in .whl/, or pip), then
#   1. the benchmark: ember on cuda against torch (CUDA when torch has it), and an MLP step
#      under cupyx.allow_synchronize(False) to show hidden host-device syncs;
#   2. the examples with cuda as the default device;
#   3. the test suite with every tensor on cuda (EMBER_TEST_CUDA=1: tests/conftest.py makes
#      cuda the default device and checks each op's result device), time-boxed;
#   4. the report: $OUT/gpu_proof.md (with bench.json, examples.json, suite.log, steps.txt).
#
#   OUT=/some/dir bash benchmarks/gpu_proof.sh        # default OUT: ./gpu_proof
#   GPU_PROOF_INSTALL=0 (never pip-install CuPy; it is tried only where nvidia-smi exists),
#   GPU_PROOF_SUITE_S=240 (the suite's time box), GPU_PROOF_TESTS="tests" (what it runs),
#   GPU_PROOF_QUICK=1 (tiny sizes: the CPU test of this script, on the stand-in)
set -uo pipefail
cd "$(dirname "$0")/.." || exit
OUT=${OUT:-$PWD/gpu_proof}
mkdir -p "$OUT"
PY=${PYTHON:-python3}
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
QUICK=()
[ "${GPU_PROOF_QUICK:-0}" = 1 ] && QUICK=(--quick)
START=$SECONDS
: > "$OUT/steps.txt"

# step NAME SECONDS COMMAND...: run with a time limit, note its exit status and the time so far.
step() {
  local name=$1 limit=$2
  shift 2
  echo "== $name (at most ${limit}s)"
  timeout -k 10 "$limit" "$@"
  local status=$?
  echo "$name: exit $status, $((SECONDS - START))s since the start" >> "$OUT/steps.txt"
}

# Installing happens only on a GPU machine (nvidia-smi present) and only when CuPy is missing.
if command -v nvidia-smi >/dev/null && [ "${GPU_PROOF_INSTALL:-1}" = 1 ] \
    && ! "$PY" -c "import cupy" 2>/dev/null; then
  if compgen -G ".whl/*.whl" >/dev/null; then
    step "install carried wheels" 120 "$PY" -m pip install -q --no-index --no-deps \
      --no-cache-dir --target /tmp/gpu_proof_site .whl/*.whl
    export PYTHONPATH="$PYTHONPATH:/tmp/gpu_proof_site"
  else
    step "pip install cupy-cuda12x" 120 "$PY" -m pip install -q --retries 0 --timeout 15 \
      "cupy-cuda12x==14.*"
  fi
fi
{ nvidia-smi -L 2>&1 || echo "nvidia-smi: not found"
  "$PY" -c "import cupy; print('cupy', cupy.__version__)" 2>&1 | tail -1
} >> "$OUT/steps.txt"

step benchmark 150 "$PY" benchmarks/gpu_bench.py bench --out "$OUT" "${QUICK[@]}"
step examples 90 "$PY" benchmarks/gpu_bench.py examples --out "$OUT" "${QUICK[@]}"
read -r -a TESTS <<< "${GPU_PROOF_TESTS:-tests}"
SUITE=(-m pytest "${TESTS[@]}" -p no:cacheprovider -v --tb=line -n "$(nproc)")
if "$PY" -c "import pytest_timeout" 2>/dev/null; then
  SUITE+=(--timeout 120)
fi
EMBER_TEST_CUDA=1 step "test suite on cuda" "${GPU_PROOF_SUITE_S:-240}" "$PY" "${SUITE[@]}" \
  > "$OUT/suite.log" 2>&1
step report 30 "$PY" benchmarks/gpu_bench.py report --out "$OUT"
echo "gpu proof: $OUT/gpu_proof.md after $((SECONDS - START))s"
