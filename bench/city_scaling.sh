#!/usr/bin/env bash
# The physical layer at scale: scenarios/city-10k.yaml (Manhattan grid, 20 edge servers, one
# simulated hour) at 1k, 2.5k, 5k and 10k vehicles. Prints a Markdown table of wall time, peak
# memory, and how each grows against the vehicle count (bench/RESULTS.md keeps the numbers).
#
#   bash bench/city_scaling.sh [VSM_BINARY] [COUNTS...]
set -euo pipefail
cd "$(dirname "$0")/.."
vsm=${1:-build/app/vsm}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 2500 5000 10000)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "| vehicles | uploads | lost coverage | wall (s) | wall per vehicle (ms) | peak RSS (MB) | file (MB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${counts[@]}"; do
  /usr/bin/time -f "%e %M" -o "$out/time" "$vsm" run scenarios/city-10k.yaml \
    --set vehicles.count="$n" -o "$out/r.h5" --force -q > /dev/null
  read -r wall rss < "$out/time"
  read -r uploads lost < <(/usr/bin/python3 -c "
import h5py, numpy as np
o = h5py.File('$out/r.h5')['uploads/outcome'][:]
print(len(o), int((o == 1).sum()))")
  size=$(du -m --apparent-size "$out/r.h5" | cut -f1)
  per=$(/usr/bin/python3 -c "print(f'{1000 * $wall / $n:.2f}')")
  echo "| $n | $uploads | $lost | $wall | $per | $((rss / 1024)) | $size |"
done
