#!/usr/bin/env bash
# The ledger's cost per block as the servers grow, for both protocols (README "The ledger"):
# scenarios/metro-100k.yaml cut to 50 vehicles per server and 10 minutes (10 blocks), on areas
# that hold 20, 50, 100 and 200 servers of its 1 km grid. Each run is timed with the ledger and
# without it; the difference per block is the ledger's wall cost. Also per block: the messages
# the protocol sends (pbft: S - 1 batches, S - 1 pre-prepares, 2 S (S - 1) votes; committee:
# S - 1 batches, V - 1 pre-prepares, 2 V (V - 1) votes, S - V blocks with certificates) and the
# mean simulated time from a block's making to its last server appending it.
#
#   bash bench/ledger_scaling.sh [VSM_BINARY] [SERVERS...]     (SERVERS from 20, 50, 100, 200)
set -euo pipefail
cd "$(dirname "$0")/.."
vsm=${1:-build/app/vsm}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(20 50 100 200)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -A area=([20]="[4000, 5000]" [50]="[5000, 10000]" [100]="[10000, 10000]" [200]="[10000, 20000]")

timed() {  # wall seconds of `vsm run` with the given overrides
  /usr/bin/time -f "%e" -o "$out/time" "$vsm" run scenarios/metro-100k.yaml -o "$out/r.h5" --force -q \
    --set duration=600 "$@" > /dev/null
  cat "$out/time"
}

echo "| servers | protocol | messages per block | confirmation (s) | ledger wall per block (s) |"
echo "|---:|---|---:|---:|---:|"
for s in "${counts[@]}"; do
  [ -n "${area[$s]:-}" ] || { echo "servers must be one of ${!area[*]}" >&2; exit 2; }
  common=(--set "mobility.area=${area[$s]}" --set "vehicles.count=$((50 * s))")
  without=$(timed "${common[@]}" --set ledger.enabled=false)
  for protocol in pbft committee; do
    with=$(timed "${common[@]}" --set ledger.protocol=$protocol)
    /usr/bin/python3 - "$out/r.h5" "$s" "$protocol" "$with" "$without" <<'PY'
import re, sys, h5py
path, servers, protocol, wall, wall_without = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
with h5py.File(path, "r") as f:
    latency = f["ledger/confirmation_latency"][:]
    size = int(re.search(r"committee_size: (\d+)", f.attrs["scenario_yaml"]).group(1))
v = servers if protocol == "pbft" else min(size, servers)
messages = (servers - 1) + (v - 1) + 2 * v * (v - 1) + (servers - v)
print(f"| {servers} | {protocol} | {messages:,} | {latency.mean():.3f} | {(wall - wall_without) / len(latency):.3f} |")
PY
  done
done
