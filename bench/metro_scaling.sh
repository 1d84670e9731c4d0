#!/usr/bin/env bash
# Metropolitan scale: scenarios/metro-100k.yaml (Manhattan grid, servers on a 1 km grid, the
# ledger agreed by committees, one simulated hour) at 10k, 25k, 50k and 100k vehicles, the area
# growing with them so that each of its servers serves about 500 vehicles (20, 50, 100 and 200
# servers). Prints a Markdown table of wall time, wall per vehicle and its growth against the
# smallest run, peak memory and the result file, and, when the build has vsm_bare_uploads
# (-DVSM_BENCH=ON; bench/bare_uploads.cpp), the bare SimGrid engine's wall on each run's uploads
# and vsm's as a multiple of it, then the same with the market's messages as well (--messages)
# (bench/RESULTS.md keeps the numbers).
#
#   [REPEAT=N] bash bench/metro_scaling.sh [VSM_BINARY] [VEHICLES...]  (VEHICLES from 10000 25000 50000 100000)
#
# REPEAT (default 1) runs every program N times at each size and keeps its fastest wall (and the
# largest peak memory): on a shared machine noise only ever adds time, and one slow 10k run
# moves every growth figure below it.
set -euo pipefail
cd "$(dirname "$0")/.."
vsm=${1:-build/app/vsm}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000 25000 50000 100000)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bare=$(dirname "$vsm")/../bench/vsm_bare_uploads
repeat=${REPEAT:-1}
fastest() { /usr/bin/python3 -c "import sys; print(min(float(x) for x in sys.argv[1:]))" "$@"; }
declare -A area=([10000]="[4000, 5000]" [25000]="[5000, 10000]" [50000]="[10000, 10000]" [100000]="[10000, 20000]")

echo "| vehicles | servers | trades | wall (s) | wall per vehicle (ms) | growth | peak RSS (MB) | file (MB) | bytes per trade | bare SimGrid (s) | vsm / bare | bare with messages (s) | vsm / that |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
first=""
for n in "${counts[@]}"; do
  [ -n "${area[$n]:-}" ] || { echo "vehicles must be one of ${!area[*]}" >&2; exit 2; }
  walls=() rss=0
  for _ in $(seq "$repeat"); do
    /usr/bin/time -f "%e %M" -o "$out/time" "$vsm" run scenarios/metro-100k.yaml --set vehicles.count="$n" \
      --set "mobility.area=${area[$n]}" -o "$out/r.h5" --force -q > /dev/null
    read -r w r < "$out/time"
    walls+=("$w") && rss=$((r > rss ? r : rss))
  done
  wall=$(fastest "${walls[@]}")
  read -r servers trades < <(/usr/bin/python3 -c "
import h5py
f = h5py.File('$out/r.h5')
print(int(f['servers'].attrs['rows']), int(f['trades'].attrs['rows']))")
  bytes=$(stat -c %s "$out/r.h5")
  per=$(/usr/bin/python3 -c "print(f'{1000 * $wall / $n:.2f}')")
  first=${first:-$per}
  growth=$(/usr/bin/python3 -c "print(f'{$per / $first:.2f}x')")
  bare_wall=- ratio=- flows_wall=- flows_ratio=-
  if [ -x "$bare" ]; then
    bare_walls=() flows_walls=()
    for _ in $(seq "$repeat"); do
      read -r _ _ _ w _ < <("$bare" "$out/r.h5") && bare_walls+=("$w")
      read -r _ _ _ w _ < <("$bare" --messages "$out/r.h5") && flows_walls+=("$w")
    done
    bare_wall=$(fastest "${bare_walls[@]}")
    flows_wall=$(fastest "${flows_walls[@]}")
    ratio=$(/usr/bin/python3 -c "print(f'{$wall / $bare_wall:.1f}x')")
    flows_ratio=$(/usr/bin/python3 -c "print(f'{$wall / $flows_wall:.1f}x')")
  fi
  echo "| $n | $servers | $trades | $wall | $per | $growth | $((rss / 1024)) | $((bytes / 1048576)) | $((bytes / trades)) | $bare_wall | $ratio | $flows_wall | $flows_ratio |"
done
