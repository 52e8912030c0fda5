#!/usr/bin/env bash
# The whole test suite on a busy machine: CPU hogs keep every core busy while pytest runs, as a
# shared CI runner or a developer's laptop would. Every test must still pass (the suite asserts
# invariants, not speed). Prints the pytest summary and the wall time.
#
#   benchmarks/suite_under_load.sh                 # 2 hogs, the whole suite
#   LOAD_CPUS=1 benchmarks/suite_under_load.sh tests/chaos -x
#
# Uses stress-ng (Debian: apt-get install stress-ng) when it is installed, else one Python busy
# loop per hog. The hogs are killed on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

cpus="${LOAD_CPUS:-2}"
python="${PYTHON:-.venv/bin/python}"
hogs=()

stop_hogs() {
  for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_hogs EXIT

if command -v stress-ng >/dev/null 2>&1; then
  stress-ng --cpu "$cpus" --quiet &
  hogs+=("$!")
  echo "load: stress-ng --cpu $cpus"
else
  for _ in $(seq 1 "$cpus"); do
    "$python" -c 'while True: pass' &
    hogs+=("$!")
  done
  echo "load: $cpus python busy loops"
fi

start=$(date +%s)
status=0
"$python" -m pytest -q -p no:cacheprovider "$@" || status=$?
echo "wall time: $(( $(date +%s) - start )) s under $cpus busy cpu(s); pytest exit $status"
exit "$status"
