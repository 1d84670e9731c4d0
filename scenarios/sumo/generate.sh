#!/usr/bin/env bash
# Regenerates scenarios/sumo/grid-fcd.xml, the SUMO trace that scenarios/sumo-grid.yaml drives,
# with Debian's SUMO (apt-get install sumo sumo-tools; version 1.15 made the shipped file):
# a 5 x 5 grid of 200 m blocks, random trips departing every 2 s for 4 minutes, vehicle
# positions every second. Every step is seeded, so the output is the same on every machine
# with the same SUMO version (only the "generated on" comment changes).
set -euo pipefail
export SUMO_HOME=${SUMO_HOME:-/usr/share/sumo}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
netgenerate --grid --grid.number=5 --grid.length=200 --default.lanenumber=1 --seed 1 -o grid.net.xml
/usr/bin/python3 "$SUMO_HOME/tools/randomTrips.py" -n grid.net.xml -o trips.xml -r routes.rou.xml \
  --begin 0 --end 240 --period 2 --seed 1
sumo -n grid.net.xml -r routes.rou.xml --step-length 1 --end 300 --seed 1 --no-step-log \
  --fcd-output grid-fcd.xml --fcd-output.attributes x,y,speed
cp grid-fcd.xml "$here/grid-fcd.xml"
echo "wrote $here/grid-fcd.xml ($(grep -c '<vehicle' grid-fcd.xml) samples)"
