#!/usr/bin/env bash
# Whole-scenario cost: wall time, peak memory and result size of the paper scenario as the
# number of vehicles grows. Prints a Markdown table (bench/RESULTS.md keeps the numbers).
#
#   bash bench/scenario_scaling.sh [VSM_BINARY] [COUNTS...]
set -euo pipefail
cd "$(dirname "$0")/.."
vsm=${1:-build/app/vsm}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(20 200 1000 5000)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "| vehicles | rounds | trades | wall (s) | peak RSS (MB) | file (MB) |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "${counts[@]}"; do
  /usr/bin/time -f "%e %M" -o "$out/time" "$vsm" run scenarios/paper-iov-contract.yaml \
    --set vehicles.count="$n" -o "$out/r.h5" --force --json > "$out/summary.json"
  read -r wall rss < "$out/time"
  rounds=$(/usr/bin/python3 -c "import json; print(json.load(open('$out/summary.json'))['rounds'])")
  trades=$(/usr/bin/python3 -c "import json; print(json.load(open('$out/summary.json'))['trades'])")
  size=$(du -m --apparent-size "$out/r.h5" | cut -f1)
  echo "| $n | $rounds | $trades | $wall | $((rss / 1024)) | $size |"
done
