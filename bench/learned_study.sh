#!/usr/bin/env bash
# The learned-policies comparison of the README ("Learned contract policies"): trains GDM and PPO
# from scratch with the default configs, evaluates both with the oracle and the fixed menu on
# 1,000 held-out states, and plots the training curves.
#
#   bash bench/learned_study.sh [OUT_DIR]      (default: results/learned; ~35 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
VSM=${VSM:-build/sim/app/vsm}
OUT=${1:-results/learned}
mkdir -p "$OUT"
for policy in gdm ppo; do
  /usr/bin/time -f "$policy: %e s wall, %M KB peak" \
    "$VSM" train --policy "$policy" -o "$OUT/$policy.pt" --force --seed 1
done
"$VSM" eval --policy "gdm:$OUT/gdm.pt" --policy "ppo:$OUT/ppo.pt" --policy oracle --policy fixed \
  --states 1000 --seed 2026 --csv "$OUT/eval.csv"
/usr/bin/python3 analysis/plot_training.py "$OUT/gdm.h5" "$OUT/ppo.h5" -o "$OUT/training.png"
