#pragma once
// Running a sweep's points on this machine as child `vsm run` processes, N at a time, and
// reading a sweep directory's state back from its files (for `vsm sweep status`).
//
// Directory layout (README "Sweeps"):
//   DIR/manifest.yaml        the sweep: file, base scenario, command, every point
//   DIR/points/<id>.h5       one result per point
//   DIR/points/<id>.log      what its `vsm run` printed
//   DIR/points/<id>.failed   why it failed (exit code and last message), when it did
//   DIR/index.csv            one row per point: id, name, seed, swept values, status, file

#include <cstddef>
#include <string>
#include <vector>

#include "app/sweep_plan.hpp"

namespace vsm::app {

enum class PointStatus { Pending, Running, Complete, Interrupted, Failed };
const char* to_string(PointStatus status);

// A point's status from its files alone. `running` also covers a run that was killed.
PointStatus point_status(const std::string& dir, const std::string& id);
std::string point_error(const std::string& dir, const std::string& id);  // "" unless failed

struct SweepOptions {
  std::string dir;
  std::size_t jobs = 1;
  bool quiet = false;
  std::string command_line;
};

struct SweepReport {
  std::size_t total = 0, already_complete = 0, ran = 0, failed = 0;
  bool stopped = false;  // SIGINT/SIGTERM: no new points were started
};

// Runs every point of `plan` not already complete, into options.dir. Never touches a complete
// result, the manifest or the index.
SweepReport run_points(const SweepPlan& plan, const SweepOptions& options);

void write_manifest(const SweepPlan& plan, const SweepOptions& options);
SweepPlan read_manifest(const std::string& dir);  // the plan a sweep directory was made from
// Writes DIR/index.csv; returns the number of failed points.
std::size_t write_index(const std::string& dir, const SweepPlan& plan);
std::string result_path(const std::string& dir, const std::string& id);

}  // namespace vsm::app
