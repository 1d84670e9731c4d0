#pragma once
// Runs one scenario: builds the SimGrid world and the actors, streams results to the HDF5 file,
// and leaves the file with status complete, interrupted (SIGINT/SIGTERM: the current round
// finishes first) or failed. One run per process: SimGrid's engine is a process-wide singleton.

#include <string>

#include "app/progress.hpp"
#include "core/result_file.hpp"
#include "sim/scenario.hpp"

namespace vsm::app {

struct RunOptions {
  std::string output;  // empty: scenario output.path, else results/<name>-seed<seed>.h5
  bool force = false;  // replace an existing result file
  ProgressStyle progress = ProgressStyle::Lines;
  std::string command_line;  // recorded for provenance
};

struct RunOutcome {
  std::string path;
  std::string status;  // complete, interrupted, failed
  std::string error;   // why, when failed
  std::string warning; // the run's result stands, but: (its file could not be compressed)
  int stop_signal = 0; // the signal that interrupted the run
  double sim_time = 0, wall_seconds = 0;
};

// Throws core::InputError before creating any file when the output cannot be written. The
// finished file is rewritten compressed unless the scenario's output.compress is false.
RunOutcome run_scenario(const sim::Scenario& scenario, const RunOptions& options);

// Refuses an existing file unless `force`, and creates the parent directory (InputError if not).
void prepare_output(const std::string& path, bool force);
std::string utc_now();  // "2026-11-23T01:02:03Z"
// The root attributes every file vsm writes carries: format_version, vsm_version, git_commit,
// seed, started_at, command_line (the file itself says status running until it finishes).
void write_provenance(core::ResultFile& file, std::uint64_t seed, const std::string& command_line);

// Where the result of `scenario` goes under `options`.
std::string output_path(const sim::Scenario& scenario, const RunOptions& options);

}  // namespace vsm::app
