#!/usr/bin/env bash
# The layering of docs/design.md, checked: a file may include only from its own layer and the
# layers below it. Prints each include that points upwards; exits 1 if there is any.
#
#   bash tests/layers.sh [SOURCE_DIR]
set -uo pipefail
cd "${1:-$(dirname "$0")/..}"

# layer: the layers it may include from (besides itself)
declare -A allowed=(
  [core]=""
  [sim]="core"
  [policies]="core sim"
  [agents]="core sim policies"
  [analysis]="core"
  [app]="core sim policies agents analysis"
)

bad=0 checked=0
for layer in "${!allowed[@]}"; do
  while IFS= read -r line; do
    file=${line%%:*}
    target=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$line")
    checked=$((checked + 1))
    [ "$target" = "$layer" ] && continue
    [[ " ${allowed[$layer]} " == *" $target "* ]] && continue
    echo "$file: includes from $target/, a layer above $layer/: $line"
    bad=1
  done < <(grep -rnE '^#include "[a-z_]+/' "$layer" --include='*.hpp' --include='*.cpp')
done
echo "layers: $checked project includes checked, $([ $bad = 0 ] && echo "none points upwards" || echo "some point upwards")"
exit $bad
