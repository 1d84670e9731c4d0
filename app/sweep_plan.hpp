#pragma once
// A sweep: one base scenario and axes over any dotted key, expanded into fully resolved
// points. The sweep file format is documented in configs/sweeps/README.md:
//
//   base: ../../scenarios/paper-iov-contract.yaml   # relative to the sweep file
//   seeds: 3                                        # or a list [1, 5, 9]
//   grid:   {vehicles.count: [10, 20, 40]}          # cartesian product
//   zip:    {market.round_period: [5, 10], duration: [300, 600]}   # lock-step lists
//   random: {samples: 4, seed: 7, ranges: {radio.rate_mbps: [1, 12]}}  # uniform draws
//
// Points = grid x zip x random samples x seeds. Each point's id is a hash of its resolved
// scenario text, so the same point always has the same id and file.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vsm::app {

struct SweepPoint {
  std::string id;    // 16 hex digits: FNV-1a of the resolved scenario
  std::string name;  // readable: the swept values and the seed
  std::vector<std::pair<std::string, std::string>> values;  // swept key -> value (YAML text)
  std::uint64_t seed = 0;
  std::string scenario_yaml;  // the resolved scenario this point runs
};

// How a sweep asks Slurm for resources (the sweep file's `slurm:` section; sweep_slurm.hpp).
struct SlurmSettings {
  std::string partition;  // empty: the cluster's default
  std::string time = "01:00:00";
  std::string mem = "1G";
  std::int64_t cpus_per_task = 1;
  std::int64_t points_per_task = 0;  // 0: enough to keep the array at most 1000 tasks
  std::vector<std::string> extra;    // more #SBATCH options, e.g. --qos=short
};

struct SweepPlan {
  std::string file;       // the sweep file
  std::string base;       // the base scenario, as a path usable from the working directory
  std::vector<std::string> keys;  // every swept key, in file order
  std::vector<SweepPoint> points;
  SlurmSettings slurm;
};

// Reads and expands a sweep file; every point is resolved (and so checked) like `vsm validate`.
// Throws core::InputError naming the sweep file (or the point) and the key.
SweepPlan plan_sweep(const std::string& sweep_file);

}  // namespace vsm::app
