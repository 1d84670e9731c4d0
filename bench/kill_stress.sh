#!/usr/bin/env bash
# Crash safety, measured: start a long run, SIGKILL it at a random moment, and check that the
# file still opens with h5dump and `vsm info` and that its tables are not damaged. Repeats N
# times and prints how many files were damaged.
#
#   bash bench/kill_stress.sh [N] [VSM_BINARY]
#
# Environment (defaults: the measurement of bench/RESULTS.md's first table):
#   KILL_SETTINGS  `vsm run` settings  ["--set duration=1e8 --set vehicles.count=200"]
#   KILL_WINDOW    kill after a uniform random wall time in this range, seconds ["0.3 2.0"]
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
vsm=${2:-build/app/vsm}
read -r -a settings <<< "${KILL_SETTINGS:---set duration=1e8 --set vehicles.count=200}"
read -r low high <<< "${KILL_WINDOW:-0.3 2.0}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
damaged=0 unborn=0
for ((i = 0; i < n; i++)); do
  rm -f "$dir/r.h5"
  "$vsm" run scenarios/paper-iov-contract.yaml "${settings[@]}" -o "$dir/r.h5" --quiet > /dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v s="$RANDOM" -v lo="$low" -v hi="$high" 'BEGIN { srand(s); printf "%.3f", lo + (hi - lo) * rand() }')"
  kill -KILL "$pid"
  wait "$pid" 2> /dev/null
  if [ ! -e "$dir/r.h5" ]; then  # killed before it created the file: nothing to damage
    unborn=$((unborn + 1))
    continue
  fi
  if ! h5dump -H "$dir/r.h5" > /dev/null 2>&1 || ! "$vsm" info "$dir/r.h5" > "$dir/info" 2>&1 ||
     grep -q RAGGED "$dir/info" ||
     ! /usr/bin/python3 -c "
import h5py
f = h5py.File('$dir/r.h5', 'r')
for t in f.values():
    rows = t.attrs['rows']
    for c in t.values():
        assert len(c) >= rows
        c[:rows]
" > /dev/null 2>&1; then
    damaged=$((damaged + 1))
    cp "$dir/r.h5" "/tmp/vsm-damaged-$i.h5"
    echo "damaged: kept as /tmp/vsm-damaged-$i.h5" >&2
  fi
done
echo "$damaged damaged out of $n killed runs ($unborn killed before creating the file)"
