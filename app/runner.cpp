#include "app/runner.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>

#include "agents/market.hpp"
#include "core/compression.hpp"
#include "core/input_error.hpp"
#include "core/result_file.hpp"
#include "core/stop_request.hpp"
#include "core/version.hpp"
#include "sim/result_layout.hpp"

namespace fs = std::filesystem;

namespace vsm::app {

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void prepare_output(const std::string& path, bool force) {
  if (fs::is_directory(path)) throw core::InputError(path + ": is a directory; -o takes a file name");
  if (fs::exists(path) && !force)
    throw core::InputError(path + ": result file already exists; pass --force to replace it or -o to write elsewhere");
  fs::path parent = fs::path(path).parent_path();
  std::error_code error;
  if (!parent.empty()) fs::create_directories(parent, error);
  if (error) throw core::InputError(parent.string() + ": cannot create output directory: " + error.message());
}

void write_provenance(core::ResultFile& file, std::uint64_t seed, const std::string& command_line) {
  const auto& root = file.root();
  core::h5::write_attribute(root, "format_version", sim::kFormatVersion);
  core::h5::write_attribute(root, "vsm_version", std::string(core::kVersion));
  core::h5::write_attribute(root, "git_commit", std::string(core::kGitCommit));
  core::h5::write_attribute(root, "seed", static_cast<std::int64_t>(seed));
  core::h5::write_attribute(root, "started_at", utc_now());
  core::h5::write_attribute(root, "command_line", command_line);
}

namespace {

void write_run_provenance(core::ResultFile& file, const sim::Scenario& scenario, const RunOptions& options) {
  write_provenance(file, scenario.seed, options.command_line);
  core::h5::write_attribute(file.root(), "scenario_yaml", sim::to_yaml(scenario));
}

}  // namespace

std::string output_path(const sim::Scenario& scenario, const RunOptions& options) {
  if (!options.output.empty()) return options.output;
  if (!scenario.output.path.empty()) return scenario.output.path;
  return sim::default_output_path(scenario);
}

RunOutcome run_scenario(const sim::Scenario& scenario, const RunOptions& options) {
  RunOutcome outcome;
  outcome.path = output_path(scenario, options);
  prepare_output(outcome.path, options.force);
  const auto wall_start = std::chrono::steady_clock::now();

  std::optional<core::ResultFile> created;
  try {
    created.emplace(outcome.path);
  } catch (const core::h5::Error&) {
    throw core::InputError(outcome.path + ": cannot create the result file (is its directory writable?)");
  }
  core::ResultFile& file = *created;
  if (scenario.output.compress) file.compress_as_written();
  try {
    write_run_provenance(file, scenario, options);
    // A Ctrl-C while the market is built waits for our handler: SimGrid's engine installs its
    // own, which would end the process with status 1 and leave the file `running`.
    core::hold_stop_signals();
    agents::Market market(scenario, file);
    // Round by round, showing progress at each boundary (throttled by wall clock).
    Progress progress(options.progress, scenario.rounds());
    if (core::stop_requested()) core::release_stop_signals();  // asked once already: a second stops at once
    else core::catch_stop_signals(/*only_once=*/true);
    for (std::int64_t round = 1; market.run_until_round(round); ++round) progress.update(market.now());
    outcome.error = market.finish();
    core::release_stop_signals();

    outcome.sim_time = market.now();
    outcome.stop_signal = std::max(0, core::g_stop_signal.load());
    outcome.status = !outcome.error.empty() ? "failed" : outcome.stop_signal ? "interrupted" : "complete";
    progress.finish(outcome.sim_time, outcome.status);
  } catch (const std::exception& e) {
    core::release_stop_signals();
    outcome.status = "failed";
    outcome.error = e.what();
  }

  // A flush that failed (a full disk) left the file as its last good flush wrote it, still
  // `running`: nothing more is written, and the run fails with that error (exit 1).
  if (!file.writable()) throw core::h5::Error(outcome.error);
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  core::h5::write_attribute(file.root(), "finished_at", utc_now());
  core::h5::write_attribute(file.root(), "sim_time", outcome.sim_time);
  core::h5::write_attribute(file.root(), "wall_seconds", outcome.wall_seconds);
  if (!outcome.error.empty()) core::h5::write_attribute(file.root(), "error", outcome.error);
  file.finish(outcome.status);
  const core::CompressedChunks ready = file.take_compressed_chunks();
  created.reset();  // closed before it is rewritten
  if (scenario.output.compress) {
    try {
      core::compress_result_file(outcome.path, ready);
    } catch (const core::h5::Error& e) {
      outcome.warning = e.what();  // the file as written is complete: kept, uncompressed
    }
  }
  return outcome;
}

}  // namespace vsm::app
