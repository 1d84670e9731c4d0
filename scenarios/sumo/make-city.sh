#!/usr/bin/env bash
# Makes the SUMO inputs of scenarios/sumo/city.yaml in scenarios/sumo/city/ (not checked in:
# vsm has SUMO run them, and caches the trace): a 10 x 10 grid of 200 m blocks with two lanes
# each way (2 km x 2 km), and an hour of random trips, one every half second, most of them
# crossing the city from its fringe (randomTrips.py --fringe-factor). Every step is seeded, so
# the inputs are the same on every machine with the same SUMO (Debian 12: 1.15).
#
#   bash scenarios/sumo/make-city.sh        (needs apt-get install sumo sumo-tools; about a minute)
set -euo pipefail
export SUMO_HOME=${SUMO_HOME:-/usr/share/sumo}
out="$(cd "$(dirname "$0")" && pwd)/city"
mkdir -p "$out"
cd "$out"
netgenerate --grid --grid.number=11 --grid.length=200 --default.lanenumber=2 --default.speed=13.89 \
  --seed 1 -o city.net.xml > /dev/null
/usr/bin/python3 "$SUMO_HOME/tools/randomTrips.py" -n city.net.xml -o city.trips.xml \
  --begin 0 --end 3600 --period 0.5 --fringe-factor 10 --min-distance 500 --seed 1 > /dev/null
cat > city.sumocfg <<'CFG'
<configuration>
  <input>
    <net-file value="city.net.xml"/>
    <route-files value="city.trips.xml"/>
  </input>
  <time>
    <begin value="0"/>
    <end value="3700"/>
    <step-length value="1"/>
  </time>
  <processing>
    <time-to-teleport value="120"/>
  </processing>
  <random_number>
    <seed value="1"/>
  </random_number>
</configuration>
CFG
echo "wrote $out: city.net.xml, city.trips.xml ($(grep -c '<trip' city.trips.xml) trips), city.sumocfg"
