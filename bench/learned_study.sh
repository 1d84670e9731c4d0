#!/usr/bin/env bash
# The learned-policies comparison of the README ("Learned contract policies"): trains GDM and PPO
# from scratch with the default configs, evaluates both with the oracle and the fixed menu on
# 1,000 held-out states, and plots the training curves.
#
#   bash bench/learned_study.sh [OUT_DIR] [SEED ...]
#
# OUT_DIR defaults to results/learned, the seeds to 1 (about 13 min on 2 cores). With several
# seeds, each one's models, curves and eval.csv go to OUT_DIR/seedN/, and OUT_DIR/seeds.csv
# lists every seed's regrets, summed up on stdout (mean over the seeds, and which learner is
# closer to the optimum with each seed).
set -euo pipefail
cd "$(dirname "$0")/.."
VSM=${VSM:-build/app/vsm}
OUT=${1:-results/learned}
shift || true
SEEDS=("${@:-1}")

study() {  # study SEED DIR
  local seed=$1 dir=$2
  mkdir -p "$dir"
  for policy in gdm ppo; do
    /usr/bin/time -f "$policy, seed $seed: %e s wall, %M KB peak" \
      "$VSM" train --policy "$policy" -o "$dir/$policy.pt" --force --seed "$seed"
  done
  "$VSM" eval --policy "gdm:$dir/gdm.pt" --policy "ppo:$dir/ppo.pt" --policy oracle --policy fixed \
    --states 1000 --seed 2026 --csv "$dir/eval.csv"
  /usr/bin/python3 analysis/plot_training.py "$dir/gdm.h5" "$dir/ppo.h5" -o "$dir/training.png"
}

if [ ${#SEEDS[@]} -eq 1 ]; then
  study "${SEEDS[0]}" "$OUT"
  exit 0
fi
for seed in "${SEEDS[@]}"; do study "$seed" "$OUT/seed$seed"; done
/usr/bin/python3 - "$OUT" "${SEEDS[@]}" <<'PY'
import csv, statistics, sys
out, seeds = sys.argv[1], sys.argv[2:]
regret = {}  # (seed, learner) -> mean regret on the held-out states
for seed in seeds:
    for row in csv.DictReader(open(f"{out}/seed{seed}/eval.csv")):
        learner = row["policy"].split(":")[0]
        if learner in ("gdm", "ppo"):
            regret[seed, learner] = float(row["regret_mean"])
with open(f"{out}/seeds.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["seed", "gdm_regret", "ppo_regret"])
    for seed in seeds:
        w.writerow([seed, regret[seed, "gdm"], regret[seed, "ppo"]])
for learner in ("gdm", "ppo"):
    r = [regret[s, learner] for s in seeds]
    print(f"{learner}: regret mean over {len(r)} seeds {statistics.mean(r):.6f} (min {min(r):.6f}, max {max(r):.6f})")
closer = sum(regret[s, "gdm"] <= regret[s, "ppo"] for s in seeds)
print(f"GDM is the closer to the optimum with {closer} of {len(seeds)} seeds")
PY
