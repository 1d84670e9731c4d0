#!/usr/bin/env bash
# Does a change keep every shipped scenario's results bit for bit? Builds revision BASE in a
# temporary git worktree, builds the working tree, runs every scenario (scenarios/*.yaml, or
# those named) with both binaries at the scenario's own seed, and compares each pair of result
# files with scripts/same_results.py (provenance attributes aside).
#
#   bash scripts/same-results.sh BASE [SCENARIO.yaml ...]
#
# BASE is a git revision, or the build directory of one (kept from before the change: then it is
# used as it is, with its learned-policies plugin).
#
# Exit 0 when every pair is the same, 1 when any differs. Both binaries read the working tree's
# scenario files, so paths recorded in the resolved scenarios agree. Environment:
#   VSM_SAME_DIR   where the worktree, both builds and the result files go [/tmp/vsm-same-results]
#   VSM_JOBS       parallel build jobs [nproc]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
[ $# -ge 1 ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
BASE=$1; shift
WORK=${VSM_SAME_DIR:-/tmp/vsm-same-results}
JOBS=${VSM_JOBS:-$(nproc)}
say() { echo "same-results: $*" >&2; }

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(scenarios/*.yaml)

# The `vsm` executable of a build tree, wherever the layout of that revision puts it.
binary() { find "$1" -type f -name vsm -perm -u+x | head -n 1; }

build() {  # source build
  cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVSM_TESTS=OFF >/dev/null
  cmake --build "$2" -j "$JOBS" >/dev/null
}

rm -rf "$WORK/results"
mkdir -p "$WORK/results/base" "$WORK/results/head"
if [ -d "$BASE" ]; then
  base_build=$(realpath "$BASE")
else
  base_commit=$(git rev-parse --verify "$BASE^{commit}")
  if [ "$(git -C "$WORK/base" rev-parse HEAD 2>/dev/null)" != "$base_commit" ]; then
    git worktree remove --force "$WORK/base" 2>/dev/null || rm -rf "$WORK/base"
    git worktree prune
    git worktree add --detach "$WORK/base" "$base_commit" >/dev/null
  fi
  say "building $BASE ($base_commit) in $WORK/base"
  base_build=$WORK/base-build
  build "$WORK/base" "$base_build"
fi
say "building the working tree in $WORK/head-build"
build "$ROOT" "$WORK/head-build"
base_vsm=$(binary "$base_build")
base_plugin=$(find "$base_build" -name libvsm_learned.so | head -n 1)
head_vsm=$(binary "$WORK/head-build")

differ=0
for scenario in "${scenarios[@]}"; do
  name=$(basename "$scenario" .yaml)
  VSM_LEARNED_PLUGIN=$base_plugin "$base_vsm" run "$scenario" -o "$WORK/results/base/$name.h5" --force --quiet >/dev/null
  "$head_vsm" run "$scenario" -o "$WORK/results/head/$name.h5" --force --quiet >/dev/null
  if /usr/bin/python3 scripts/same_results.py "$WORK/results/base/$name.h5" "$WORK/results/head/$name.h5"; then
    say "$name: same"
  else
    say "$name: DIFFERS"
    differ=1
  fi
done
exit $differ
