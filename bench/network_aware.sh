#!/usr/bin/env bash
# What the network costs the market, and what a network-aware policy recovers (issue 19): on
# city-10k (vehicles pacing their sensing) and highway-hotspots, five held-out seeds each,
# contract.optimal (network-blind) against contract.coverage_aware on every server, beside the
# clairvoyant bound each run records, and contract.gdm / contract.ppo with the models trained
# in the loop when MODELS_DIR (default results/models, made by bench/learning_loop.sh) has
# gdm-<scenario>.pt / ppo-<scenario>.pt. Prints vsm compare's Markdown table (mean, 95% CI) per
# scenario; the result files stay in OUT_DIR. README "Network-aware contracts" keeps the numbers.
#
#   bash bench/network_aware.sh [VSM_BINARY] [OUT_DIR] [SEEDS...]   (default seeds 1001-1005)
#   SCENARIOS="highway-hotspots" bash bench/network_aware.sh ...      (only some scenarios)
set -euo pipefail
cd "$(dirname "$0")/.."
vsm=${1:-build/app/vsm}
out=${2:-results/network-aware}
shift 2 || shift $#
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1001 1002 1003 1004 1005)
metrics=server_utility_per_round,bound_per_round,gap_to_bound_per_round,lost_coverage_rate,on_time_rate


for scenario in ${SCENARIOS:-city-10k highway-hotspots}; do
  extra=()
  [ "$scenario" = city-10k ] && extra=(--set vehicles.sensing=paced --set "vehicles.sensing_time=~")
  mkdir -p "$out/$scenario"
  policies=(contract.optimal contract.coverage_aware)
  for kind in gdm ppo; do
    [ -f "${MODELS_DIR:-results/models}/$kind-$scenario.pt" ] && policies+=("contract.$kind")
  done
  for policy in "${policies[@]}"; do
    spec="{name: $policy}"
    case $policy in
      contract.gdm | contract.ppo)
        spec="{name: $policy, model: \"$(realpath "${MODELS_DIR:-results/models}/${policy#contract.}-$scenario.pt")\"}" ;;
    esac
    sets=()  # the policy on every server
    servers=$(grep -c "^  - {name:" "scenarios/$scenario.yaml")
    for ((i = 0; i < servers; i++)); do sets+=(--set "edge_servers.$i.policy=$spec"); done
    for seed in "${seeds[@]}"; do
      file="$out/$scenario/$policy-seed$seed.h5"
      [ -f "$file" ] && continue  # a rerun redoes only what is missing
      start=$(date +%s.%N)
      "$vsm" run "scenarios/$scenario.yaml" "${sets[@]}" "${extra[@]}" --seed "$seed" -o "$file.part" -q > /dev/null
      mv "$file.part" "$file"
      echo "$scenario $policy seed $seed: $(/usr/bin/python3 -c "import time; print(f'{time.time() - $start:.1f}')") s" >&2
    done
  done
  echo "### $scenario"
  echo
  "$vsm" compare "$out/$scenario" --by policy --metric "$metrics" --markdown "$out/$scenario.md" > /dev/null
  cat "$out/$scenario.md"
  echo
done
