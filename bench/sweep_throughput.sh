#!/usr/bin/env bash
# Local sweep throughput: 200 short runs (the contract-fixed scenario, 100 simulated s, one
# point per seed), once with one job and once with two, wall time of each.
#
#   bash bench/sweep_throughput.sh [VSM_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
vsm=$(realpath "${1:-build/app/vsm}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/sweep.yaml" <<YAML
base: $(pwd)/scenarios/contract-fixed.yaml
seeds: 200
grid: {duration: [100]}
YAML
for jobs in 1 2; do
  start=$(date +%s.%N)
  "$vsm" sweep "$dir/sweep.yaml" -o "$dir/out-$jobs" -j "$jobs" -q > /dev/null
  end=$(date +%s.%N)
  awk -v j="$jobs" -v a="$start" -v b="$end" 'BEGIN { printf "jobs %s: 200 runs in %.2f s (%.1f runs/s)\n", j, b - a, 200 / (b - a) }'
done
