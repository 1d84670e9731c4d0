#!/usr/bin/env bash
# vsm's wall against the bare SimGrid engine's on the same uploads: runs the scenario with vsm,
# then bench/bare_uploads.cpp (vsm_bare_uploads, built with -DVSM_BENCH=ON) on its result file
# (same platform, same transfers at the same times, nothing else), one after the other, and
# prints both walls and their ratio; then the bare engine again with the market's offers and
# replies as well (vsm_bare_uploads --messages), and vsm's wall as a multiple of that.
#
#   bash bench/bare_ratio.sh [BUILD_DIR] [SCENARIO] [--set KEY=VALUE ...]
#   e.g. bash bench/bare_ratio.sh build scenarios/metro-100k.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
scenario=${2:-scenarios/city-10k.yaml}
shift 2 || shift $#
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

/usr/bin/time -f "%e" -o "$out/time" "$build/app/vsm" run "$scenario" "$@" -o "$out/r.h5" --force -q > /dev/null
vsm_wall=$(cat "$out/time")
read -r uploads _ _ bare_wall _ < <("$build/bench/vsm_bare_uploads" "$out/r.h5")
read -r _ _ _ flows_wall _ < <("$build/bench/vsm_bare_uploads" --messages "$out/r.h5")
/usr/bin/python3 -c "
print('| scenario | uploads | vsm wall (s) | bare SimGrid, uploads (s) | ratio | bare SimGrid, uploads and messages (s) | ratio |')
print('|---|---:|---:|---:|---:|---:|---:|')
print(f'| $(basename "$scenario" .yaml) $* | $uploads | $vsm_wall | $bare_wall | {$vsm_wall / $bare_wall:.1f}x '
      f'| $flows_wall | {$vsm_wall / $flows_wall:.1f}x |')"
