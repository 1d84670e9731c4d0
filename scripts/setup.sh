#!/usr/bin/env bash
# Installs what vsm needs from Debian 12's archive, builds it, and runs it or its tests.
#
#   bash scripts/setup.sh run    install + build + run the default scenario (README command 1)
#   bash scripts/setup.sh test   install + build (-Werror) + the whole test suite (README command 2)
#   bash scripts/setup.sh asan   install + build with AddressSanitizer/UBSan + the test suite
#   bash scripts/setup.sh deps   only install the missing Debian packages
#   bash scripts/setup.sh build  only configure and build (Release, in build/)
#
# Needs root (or sudo) only when a package is missing. Environment:
#   VSM_BUILD_DIR   build directory          [build, or build-asan for 'asan']
#   VSM_JOBS        parallel build jobs      [nproc]
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JOBS=${VSM_JOBS:-$(nproc)}

# Debian 12 packages. libopenblas0-pthread matters: without it Debian's LibTorch falls back
# to the reference BLAS and trains about 8x slower. libjemalloc-dev: the vsm binary's malloc,
# a fifth faster than glibc's on SimGrid's many small objects. Slurm and munge are for the test of
# `vsm sweep --backend slurm` against a real single-node cluster (scripts/slurm-local.sh);
# matplotlib draws `vsm compare`'s figures and Chromium checks that its report renders;
# scipy gives the tests independent t and normal quantiles. sumo runs SUMO configurations for
# vsm (mobility.sumo.config); sumo-tools has randomTrips.py for scenarios/sumo/make-city.sh.
PACKAGES=(
  g++ cmake ninja-build pkg-config git
  libsimgrid-dev libtorch-dev libopenblas0-pthread libeigen3-dev libyaml-cpp-dev
  libhdf5-dev zlib1g-dev libjemalloc-dev hdf5-tools libcli11-dev nlohmann-json3-dev libboost-dev libexpat1-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-h5py python3-pandas python3-matplotlib python3-scipy chromium
  slurmctld slurmd slurm-client munge
  sumo sumo-tools
)

say() { echo "setup: $*" >&2; }

install_deps() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "all ${#PACKAGES[@]} Debian packages already installed"
    return
  fi
  say "installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build TYPE DIR [cmake options...]
build() {
  local type=$1 dir=$2
  shift 2
  cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

run_tests() {
  local dir=$1
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS"
}

# A local Slurm cluster for the Slurm sweep test, stopped again when this script ends. Without
# root it cannot start, and that one test is skipped (VSM_REQUIRE_SLURM=1 makes it fail).
start_slurm() {
  if [ "$(id -u)" = 0 ] && bash scripts/slurm-local.sh up; then
    eval "$(bash scripts/slurm-local.sh env)"
    trap 'bash scripts/slurm-local.sh down >/dev/null 2>&1 || true' EXIT
  else
    bash scripts/slurm-local.sh down >/dev/null 2>&1 || true  # nothing half-started stays behind
    say "no local Slurm cluster: the Slurm sweep test will be skipped"
  fi
}

case "${1:-}" in
  deps)
    install_deps ;;
  build)
    install_deps
    build Release "${VSM_BUILD_DIR:-build}" ;;
  run)
    install_deps
    build Release "${VSM_BUILD_DIR:-build}"
    "${VSM_BUILD_DIR:-build}/app/vsm" run scenarios/paper-iov-contract.yaml --force ;;
  test)
    install_deps
    build Release "${VSM_BUILD_DIR:-build}" -DVSM_WERROR=ON -DVSM_BENCH=ON  # benchmarks compile, not run
    start_slurm
    run_tests "${VSM_BUILD_DIR:-build}" ;;
  asan)
    install_deps
    build Asan "${VSM_BUILD_DIR:-build-asan}" -DVSM_WERROR=ON
    run_tests "${VSM_BUILD_DIR:-build-asan}" ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2 ;;
esac
