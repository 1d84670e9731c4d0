#!/usr/bin/env bash
# Learning in the loop (issue 19): trains contract.gdm and contract.ppo inside highway-hotspots
# (the default loop configs) and inside city-10k (paced sensing, 900 s episodes) and prints
# each training's wall time, its speed in simulated market rounds per second, and its last
# test (server utility per server and round on the held-out validation seeds, and the gap to
# the clairvoyant bound). The models go to MODELS_DIR as <policy>-<scenario>.pt, where
# bench/network_aware.sh finds them for its table. README "Learning in the loop" keeps the numbers.
#
#   bash bench/learning_loop.sh [VSM_BINARY] [MODELS_DIR]   (default build/app/vsm results/models)
set -euo pipefail
cd "$(dirname "$0")/.."
vsm=${1:-build/app/vsm}
models=${2:-results/models}
mkdir -p "$models"
city=(--env-set vehicles.sensing=paced --env-set "vehicles.sensing_time=~" --env-set duration=900)

for scenario in highway-hotspots city-10k; do
  for policy in gdm ppo; do
    model="$models/$policy-$scenario.pt"
    extra=()
    [ "$scenario" = city-10k ] && extra=("${city[@]}")
    [ -f "$model" ] || "$vsm" train --policy "$policy" --env "scenario:scenarios/$scenario.yaml" "${extra[@]}" \
      -o "$model" --force -q > /dev/null
    /usr/bin/python3 - "$scenario" "$policy" "${model%.pt}.h5" <<'PY'
import sys, h5py
scenario, policy, log = sys.argv[1:]
t = h5py.File(log, "r")["training"]
last = {c: t[c][int(t.attrs["rows"]) - 1] for c in t}
print(f"| {scenario} | {policy} | {int(last['epoch'])} | {last['wall_s'] / 60:.1f} min | {int(last['rounds'])} "
      f"| {last['rounds'] / last['wall_s']:.2f} | {last['test_reward']:,.0f} | {last['test_regret']:,.0f} |")
PY
  done
done
