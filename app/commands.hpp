#pragma once
// The `vsm` subcommands. Each returns the process exit code (see ExitCode).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/progress.hpp"

namespace vsm::app {

enum ExitCode : int {
  kOk = 0,
  kInternalError = 1,  // a bug or an I/O failure: the message says which
  kBadInput = 2,       // the user's input (scenario, flag, file) is wrong: the message says where
  kLedgerTampered = 3, // `vsm ledger verify` found the ledger altered: the output says where
  // 128 + N: the run was stopped by signal N (SIGINT 130, SIGTERM 143) and its file says interrupted
};

struct ScenarioArgs {
  std::string scenario;
  std::vector<std::string> overrides;  // --set key.path=value
  std::optional<std::uint64_t> seed;
};

struct RunArgs {
  ScenarioArgs input;
  std::string output;
  bool force = false, quiet = false, json = false;
  std::string command_line;
};

struct SweepArgs {
  std::string file, output, backend = "local";
  std::size_t jobs = 0;  // 0: the number of cores
  std::size_t limit = 10000;
  bool dry_run = false, yes = false, quiet = false, wait = false;
  std::string slurm_template;        // empty: configs/cluster/slurm-array.sbatch
  std::vector<std::string> sbatch;   // extra #SBATCH options
  std::string command_line;
};

struct CompareArgs {
  std::vector<std::string> inputs;          // result files or directories of them
  std::vector<std::string> by{"policy"};    // group keys
  std::vector<std::string> metrics;         // empty: all
  std::vector<std::string> pair;            // {A, B}: A - B on common seeds
  std::string csv, markdown;                // files to write the table to
  std::string plots, report;                // directories for figures and the HTML/Markdown report
  bool json = false, include_incomplete = false;
  bool verify = false;            // check each file's ledger and say so
  bool require_verified = false;  // leave out files whose ledger does not verify (implies verify)
};

void print_error(const std::string& message);  // "vsm: error: ..." on stderr
// Runs a command's body: errors the user caused (InputError) exit with 2, anything else with 1.
int guarded(const std::function<int()>& body);

int run_command(const RunArgs& args);
// Exit code: 0 compared (files left out are listed on stderr); 2 nothing to compare or bad input.
int compare_command(const CompareArgs& args);
// Exit code: 0 all points complete; 2 bad input; 100 + the number of failed points (at most
// 127, meaning 27 or more); 128+N stopped by signal N.
int sweep_command(const SweepArgs& args);
int sweep_status_command(const std::string& dir, bool json);
int sweep_task_command(const std::string& dir, std::size_t task);  // one Slurm array task
int sweep_index_command(const std::string& dir);                    // writes DIR/index.csv
int validate_command(const ScenarioArgs& args, bool print_resolved);
// Exit code: 0 read; 2 unreadable; with `verify`, 3 when the file's ledger does not verify.
int info_command(const std::string& result, bool json, bool print_scenario, bool verify);
// Exit code: 0 the ledger verifies; 3 it does not (each problem printed with its block, or its
// table, row and column);
// 2 the file is unreadable or holds no ledger.
int ledger_verify_command(const std::string& result, bool json);

}  // namespace vsm::app
