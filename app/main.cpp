// The `vsm` command line: run, validate and inspect vehicular sensing market simulations;
// sweep and compare them; train and evaluate the learned contract policies.

#include <H5public.h>
#include <xbt/base.h>  // must precede simgrid/version.h
#include <simgrid/version.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "policies/policy_registry.hpp"
#include "app/commands.hpp"
#include "app/learning_commands.hpp"
#include "sim/result_layout.hpp"
#include "core/version.hpp"

namespace {

std::string version_text() {
  return std::string("vsm ") + vsm::core::kVersion + " (commit " + vsm::core::kGitCommit + ")\n" +
         "result format " + std::to_string(vsm::sim::kFormatVersion) + "; SimGrid " +
         std::to_string(SIMGRID_VERSION_MAJOR) + "." + std::to_string(SIMGRID_VERSION_MINOR) + ", HDF5 " +
         std::to_string(H5_VERS_MAJOR) + "." + std::to_string(H5_VERS_MINOR) + "." + std::to_string(H5_VERS_RELEASE);
}

std::string policy_list() {
  std::string text = "Policies (edge_servers[i].policy.name; parameters in scenarios/README.md):\n";
  std::size_t width = 0;
  const auto& policies = vsm::policies::builtin_policies().entries();
  for (const auto& p : policies) width = std::max(width, p.name.size());
  for (const auto& p : policies)
    text += "  " + p.name + std::string(width + 2 - p.name.size(), ' ') + p.summary + "\n";
  return text;
}

std::string joined(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) line += (i ? " " : "") + std::string(argv[i]);
  return line;
}

void add_scenario_options(CLI::App* command, vsm::app::ScenarioArgs& args) {
  command->add_option("scenario", args.scenario, "Scenario YAML file (schema: scenarios/README.md)")->required();
  command->add_option("--set", args.overrides,
                      "Override one setting by its dotted key path, e.g. --set vehicles.count=50 or\n"
                      "--set edge_servers.0.policy.name=contract.fixed (list elements by index).\n"
                      "The value is read as YAML; ~ (null) removes the key, so its default applies.\n"
                      "Repeat for several settings.")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("KEY=VALUE");
  command->add_option("--seed", args.seed, "Run seed (same scenario + seed = same results, bit for bit);\n"
                                            "short for --set seed=N");
}

}  // namespace

int main(int argc, char** argv) {
  // HDF5 closes the files still open at exit; one whose close failed (a full disk) then
  // crashed it. vsm closes every file it opens itself.
  H5dont_atexit();
  CLI::App app("vsm: a discrete-event simulator for vehicular sensing markets.\n"
               "Vehicles sense and upload data to edge servers whose incentive policies buy it;\n"
               "every run streams its results to an HDF5 file.",
               "vsm");
  app.set_version_flag("--version", version_text(), "Print the version, commit and library versions");
  app.require_subcommand(1);
  app.footer(
      "Run 'vsm COMMAND --help' for a command's options.\n"
      "Exit codes: 0 ok; 1 internal error; 2 bad input (message names file:line:column and key);\n"
      "3 ledger verify found the ledger altered; 128+N stopped by signal N (result file status\n"
      "'interrupted').\n"
      "Documentation: README.md (result files), scenarios/README.md (scenario schema).");

  vsm::app::RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Simulate a scenario and write its results to an HDF5 file");
  add_scenario_options(run_cmd, run.input);
  run_cmd->add_option("-o,--output", run.output,
                      "Result file (default: the scenario's output.path, else results/<name>-seed<seed>.h5)");
  run_cmd->add_flag("--force", run.force, "Replace the result file if it exists (default: refuse)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "No progress reports on stderr");
  run_cmd->add_flag("--json", run.json, "Print the summary as one JSON object on stdout (implies --quiet)");
  run_cmd->footer(policy_list() +
                  "\nProgress goes to stderr: a bar on a terminal, a line every 10 s otherwise.\n"
                  "SIGINT/SIGTERM finish the current round, mark the file 'interrupted' and exit 128+N;\n"
                  "a second signal stops at once. The file stays readable even after SIGKILL.");

  vsm::app::ScenarioArgs validate;
  bool print_resolved = false;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario without running it (exit 0 if valid, 2 if not)");
  add_scenario_options(validate_cmd, validate);
  validate_cmd->add_flag("--print", print_resolved,
                         "Print the resolved scenario (every default filled in, overrides applied)");

  std::string result;
  bool info_json = false, info_scenario = false, info_verify = false;
  auto* info_cmd = app.add_subcommand("info", "Show what a result file holds: scenario, seed, status, tables and row counts");
  info_cmd->add_option("result", result, "Result file written by 'vsm run'")->required();
  info_cmd->add_flag("--json", info_json, "Print as one JSON object");
  info_cmd->add_flag("--scenario", info_scenario, "Print the recorded (resolved) scenario YAML");
  info_cmd->add_flag("--verify", info_verify,
                     "Also check the file's ledger (as 'vsm ledger verify'): verified, not verified (exit 3),\n"
                     "or no ledger");

  std::string ledger_result;
  bool ledger_json = false;
  auto* ledger_cmd = app.add_subcommand("ledger", "Work with the trade ledger a result file holds");
  ledger_cmd->require_subcommand(1);
  auto* verify_cmd = ledger_cmd->add_subcommand(
      "verify", "Check the whole chain: hashes, Merkle roots, signatures, heights (exit 0 verified, 3 not)");
  verify_cmd->add_option("result", ledger_result, "Result file written by 'vsm run'")->required();
  verify_cmd->add_flag("--json", ledger_json, "Print as one JSON object");

  vsm::app::SweepArgs sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "Run every point of a sweep file (configs/sweeps/README.md)");
  sweep_cmd->add_option("sweep_file", sweep.file, "Sweep file: a base scenario and the axes to vary");
  sweep_cmd->add_option("-o,--output", sweep.output,
                        "Output directory: manifest.yaml, points/<id>.h5 and .log, index.csv. Running the same\n"
                        "command again skips complete points and re-runs missing, killed or failed ones.");
  sweep_cmd->add_option("--backend", sweep.backend,
                        "Where points run: local (child processes) or slurm (a job array, then an index job)")
      ->check(CLI::IsMember({"local", "slurm"}));
  sweep_cmd->add_flag("--wait", sweep.wait, "slurm: wait until the jobs end, then write the index and report");
  sweep_cmd->add_option("--slurm-template", sweep.slurm_template,
                        "slurm: the batch script template (default configs/cluster/slurm-array.sbatch)");
  sweep_cmd->add_option("--sbatch", sweep.sbatch, "slurm: one more #SBATCH option, e.g. --sbatch=--qos=short")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sweep_cmd->add_option("-j,--jobs", sweep.jobs, "Points run at once (default: the number of cores)");
  sweep_cmd->add_flag("--dry-run", sweep.dry_run, "List the points (id, swept values, seed) and their count");
  sweep_cmd->add_option("--limit", sweep.limit, "Sweeps larger than this need --yes (default 10000)");
  sweep_cmd->add_flag("--yes", sweep.yes, "Run a sweep larger than --limit");
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "No progress on stderr");
  sweep_cmd->footer("Exit codes: 0 every point complete; 2 bad input; 100+N: N points failed (127: 27 or more);\n"
                    "128+N stopped by signal N (points in flight finish their round; run again to finish).");
  std::string status_dir;
  bool status_json = false;
  auto* status_cmd = sweep_cmd->add_subcommand("status", "Count a sweep directory's points by status, from its files");
  status_cmd->add_option("dir", status_dir, "The sweep's output directory")->required();
  status_cmd->add_flag("--json", status_json, "Print as one JSON object");
  std::string task_dir;
  std::size_t task_index = 0;
  auto* task_cmd = sweep_cmd->add_subcommand("task", "Run one Slurm array task's points (used by the batch script)");
  task_cmd->add_option("dir", task_dir, "The sweep's output directory")->required();
  task_cmd->add_option("task", task_index, "The array task index (SLURM_ARRAY_TASK_ID)")->required();
  std::string index_dir;
  auto* index_cmd = sweep_cmd->add_subcommand("index", "Write DIR/index.csv from the points' files");
  index_cmd->add_option("dir", index_dir, "The sweep's output directory")->required();

  vsm::app::CompareArgs compare;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Aggregate runs by policy or any scenario key: mean, sd, 95% CI across seeds; paired differences");
  compare_cmd->add_option("inputs", compare.inputs, "Result files, or directories of them (e.g. a sweep's output)")
      ->required();
  compare_cmd->add_option("--by", compare.by,
                          "Group by these scenario keys (comma-separated; 'policy' is edge_servers.0.policy.name)")
      ->delimiter(',');
  compare_cmd->add_option("--metric", compare.metrics, "Only these metrics (comma-separated; default: all, README)")
      ->delimiter(',');
  compare_cmd->add_option("--pair", compare.pair,
                          "A,B: A minus B on common seeds, where A and B are values of the first --by key")
      ->delimiter(',')
      ->expected(2);
  compare_cmd->add_option("--csv", compare.csv, "Also write the table as CSV to this file");
  compare_cmd->add_option("--markdown", compare.markdown, "Also write the table (and pairs) as Markdown to this file");
  compare_cmd->add_option("--plots", compare.plots,
                          "Write figures (PNG and SVG) here: bars with CIs, utility over time, latency CDFs,\n"
                          "a metric against a numeric swept key, training curves");
  compare_cmd->add_option("--report", compare.report,
                          "Write report.html (self-contained) and report.md here: tables, figures, provenance");
  compare_cmd->add_flag("--json", compare.json, "Print everything as one JSON object instead of the table");
  compare_cmd->add_flag("--include-incomplete", compare.include_incomplete,
                        "Keep runs whose status is not complete (interrupted, running)");
  compare_cmd->add_flag("--verify", compare.verify,
                        "Check each file's ledger (as 'vsm ledger verify') and say how many verify");
  compare_cmd->add_flag("--require-verified", compare.require_verified,
                        "Leave out (and list) every file whose ledger does not verify, or that has none");

  vsm::app::TrainArgs train;
  auto* train_cmd = app.add_subcommand(
      "train", "Train a learned contract policy (GDM or PPO) on CPU and save it as a model file");
  train_cmd->add_option("--policy", train.policy, "gdm (Q-guided diffusion) or ppo")
      ->check(CLI::IsMember({"gdm", "ppo"}));
  train_cmd->add_option("--config", train.config,
                        "Hyper-parameters (default: configs/<policy>.yaml, or configs/<policy>-loop.yaml with\n"
                        "--env scenario:FILE; every key in configs/README.md; configs/gdm-paper.yaml has the paper's)");
  train_cmd->add_option("--env", train.env,
                        "Where the experience comes from: static (the paper's contract environment, default),\n"
                        "or scenario:FILE: runs of that scenario, every server acting with the model being\n"
                        "trained, rewards measured in the simulation (README \"Learning in the loop\")")
      ->type_name("static|scenario:FILE");
  train_cmd->add_option("--env-set", train.env_set, "Override one value of the --env scenario, e.g. --env-set duration=300")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("KEY=VALUE");
  train_cmd->add_option("--set", train.overrides, "Override one config value, e.g. --set epochs=5 --set gdm.batch=256")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("KEY=VALUE");
  train_cmd->add_option("-o,--output", train.output, "The model file to write (MODEL.pt)")->required();
  train_cmd->add_option("--log", train.log, "HDF5 file of the training curve, table /training (default: MODEL.h5)");
  train_cmd->add_option("--seed", train.seed, "Training seed (initial weights, states, noise); default 1");
  train_cmd->add_flag("--resume", train.resume,
                      "Continue from MODEL.pt.ckpt (written after every epoch) with its config and seed");
  train_cmd->add_flag("--keep-runs", train.keep_runs,
                      "With --env scenario:FILE: keep every training and validation run's result file (and the\n"
                      "policies' experience) in MODEL.pt.runs/ instead of removing each once learned from");
  train_cmd->add_flag("--force", train.force, "Start from scratch even if MODEL.pt or its checkpoint exists");
  train_cmd->add_flag("-q,--quiet", train.quiet, "No progress on stderr");
  train_cmd->add_flag("--json", train.json, "Print the summary as one JSON object on stdout (implies --quiet)");
  train_cmd->footer(
      "After every epoch: one progress line on stderr, a row in /training and a checkpoint\n"
      "MODEL.pt.ckpt. The line's test is the reward and regret on fixed test states; in a\n"
      "scenario, the server utility per server and round of greedy runs on held-out seeds and\n"
      "its gap to the clairvoyant bound. SIGINT/SIGTERM finish the epoch, mark the log\n"
      "'interrupted' and exit 128+N; 'vsm train -o MODEL.pt --resume' continues bit for bit.\n"
      "Use the model in a scenario: policy: {name: contract.gdm, model: MODEL.pt}.");

  vsm::app::EvalArgs eval;
  auto* eval_cmd = app.add_subcommand("eval", "Score contract policies on held-out states against the optimum");
  eval_cmd->add_option("--policy", eval.policies,
                       "gdm:MODEL.pt, ppo:MODEL.pt, oracle (contract.optimal) or fixed[:L1,R1,...,LN,RN]\n"
                       "(default menu: scenarios/contract-fixed.yaml's). Repeat to compare several")
      ->required()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  eval_cmd->add_option("--states", eval.states, "Held-out states to draw (default 1000)")->check(CLI::Range(1, 100000000));
  eval_cmd->add_option("--seed", eval.seed, "Seed of the held-out states (stream 'eval'; default 1)");
  eval_cmd->add_option("--config", eval.config,
                       "Environment when no model is given (its env section; default configs/gdm.yaml);\n"
                       "with models, their training environment is used");
  eval_cmd->add_option("--set", eval.acting,
                       "Act differently without retraining: gdm.action_candidates=K (best of K samples by\n"
                       "the critic) or gdm.acting_noise=X (0..1, the sampling noise); applies to every gdm: model")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  eval_cmd->add_option("--csv", eval.csv, "Also write the table as CSV to this file");
  eval_cmd->add_flag("--json", eval.json, "One JSON object per policy on stdout, one per line");
  eval_cmd->footer(
      "Every vehicle type best-responds to the menu. Utility: the server's expected utility U_E;\n"
      "regret: the optimum's U_E minus the policy's, state by state; IR/IC: the share of (state, type)\n"
      "pairs whose own item is declined / not preferred. Learned actions are projected onto feasible\n"
      "menus (rates before the projection are shown too).");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "vsm: error: " << e.what() << "\n(run 'vsm --help' for usage)\n";
    return vsm::app::kBadInput;
  }

  if (*run_cmd) {
    run.command_line = joined(argc, argv);
    return vsm::app::run_command(run);
  }
  if (*train_cmd) {
    train.command_line = joined(argc, argv);
    if (!train.resume && train.policy.empty()) {
      std::cerr << "vsm: error: vsm train needs --policy gdm|ppo (or --resume)\n";
      return vsm::app::kBadInput;
    }
    return vsm::app::train_command(train);
  }
  if (*eval_cmd) return vsm::app::eval_command(eval);
  if (*validate_cmd) return vsm::app::validate_command(validate, print_resolved);
  if (*compare_cmd) return vsm::app::compare_command(compare);
  if (*verify_cmd) return vsm::app::ledger_verify_command(ledger_result, ledger_json);
  if (*status_cmd) return vsm::app::sweep_status_command(status_dir, status_json);
  if (*task_cmd) return vsm::app::sweep_task_command(task_dir, task_index);
  if (*index_cmd) return vsm::app::sweep_index_command(index_dir);
  if (*sweep_cmd) {
    if (sweep.file.empty()) {
      std::cerr << "vsm: error: vsm sweep needs a sweep file (or: vsm sweep status DIR)\n";
      return vsm::app::kBadInput;
    }
    sweep.command_line = joined(argc, argv);
    return vsm::app::sweep_command(sweep);
  }
  return vsm::app::info_command(result, info_json, info_scenario, info_verify);
}
