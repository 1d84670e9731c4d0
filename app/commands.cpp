#include "app/commands.hpp"

#include <cstdio>
#include <sstream>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>
#include <thread>

#include "analysis/comparison.hpp"
#include "analysis/result_reader.hpp"
#include "analysis/run_metrics.hpp"
#include "analysis/table.hpp"
#include "app/ledger_check.hpp"
#include "app/runner.hpp"
#include "app/scenario_loading.hpp"
#include "app/shell.hpp"
#include "app/sweep_plan.hpp"
#include "app/sweep_runner.hpp"
#include "app/sweep_slurm.hpp"
#include "core/hdf5.hpp"
#include "core/input_error.hpp"
#include "core/isolation.hpp"
#include "core/text.hpp"
#include "core/yaml_reader.hpp"
#include "core/stop_request.hpp"
#include "sim/mobility/mobility_model.hpp"

namespace vsm::app {

void print_error(const std::string& message) { std::cerr << "vsm: error: " << message << "\n"; }

// Runs a command's body: errors the user caused (InputError) exit with 2, anything else with 1.
int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const core::InputError& e) {
    print_error(e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    print_error(e.what());
    return kInternalError;
  }
}

namespace {

// 0 when no point failed, else 100 + the number failed (127: 27 or more).
int exit_code_for(std::size_t failed_points) {
  return failed_points ? 100 + static_cast<int>(std::min<std::size_t>(failed_points, 27)) : kOk;
}

double mean(const std::vector<double>& values) {
  return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// What a researcher wants to see right after a run, read back from the file itself.
void print_run_summary(const sim::Scenario& scenario, const RunOutcome& outcome, bool json) {
  analysis::ResultReader result(outcome.path);
  auto info = result.info();
  auto rows = [&](const std::string& table) {
    for (const auto& t : info.tables)
      if (t.name == table) return t.rows;
    return std::uint64_t{0};
  };
  auto on_time = result.integers("trades", "on_time");
  double on_time_share = on_time.empty() ? 0.0 : mean(std::vector<double>(on_time.begin(), on_time.end()));
  double utility = mean(result.doubles("rounds", "server_utility"));
  double latency = mean(result.doubles("trades", "latency_measured"));

  if (json) {
    nlohmann::json summary = {{"status", outcome.status},         {"output", outcome.path},
                              {"scenario", scenario.name},        {"seed", scenario.seed},
                              {"sim_time", outcome.sim_time},     {"wall_seconds", outcome.wall_seconds},
                              {"rounds", rows("rounds")},         {"trades", rows("trades")},
                              {"on_time_rate", on_time_share},    {"server_utility_per_round", utility},
                              {"latency_mean", latency}};
    if (!outcome.error.empty()) summary["error"] = outcome.error;
    std::cout << summary.dump() << "\n";
    return;
  }
  std::printf("%s (seed %llu): %s, %.0f simulated s in %.2f s wall\n", scenario.name.c_str(),
              static_cast<unsigned long long>(scenario.seed), outcome.status.c_str(), outcome.sim_time,
              outcome.wall_seconds);
  std::printf("  %llu server rounds, %llu trades (%.1f%% on time, mean upload latency %.3f s)\n",
              static_cast<unsigned long long>(rows("rounds")), static_cast<unsigned long long>(rows("trades")),
              100 * on_time_share, latency);
  std::printf("  mean server utility per round: %.4f\n", utility);
  std::printf("  result: %s   (inspect with: vsm info %s)\n", outcome.path.c_str(), outcome.path.c_str());
}

}  // namespace

int run_command(const RunArgs& args) {
  // A Ctrl-C from the first moment asks the run to stop at a round boundary: the libraries
  // loaded with vsm install SIGINT handlers of their own, which ignored it or exited with 1.
  core::catch_stop_signals(/*only_once=*/true);
  return guarded([&]() -> int {
    sim::Scenario scenario = load_scenario(args.input.scenario, args.input.overrides, args.input.seed);
    RunOptions options;
    options.output = args.output;
    options.force = args.force;
    options.progress = pick_progress_style(args.quiet || args.json);
    options.command_line = args.command_line;
    RunOutcome outcome = run_scenario(scenario, options);
    if (outcome.status == "failed") {
      print_error("run failed: " + outcome.error + " (partial results in " + outcome.path + ")");
      return kInternalError;
    }
    print_run_summary(scenario, outcome, args.json);
    if (!outcome.warning.empty()) std::cerr << "vsm: warning: " << outcome.warning << "\n";
    return outcome.stop_signal ? 128 + outcome.stop_signal : kOk;
  });
}

int validate_command(const ScenarioArgs& args, bool print_resolved) {
  return guarded([&]() -> int {
    sim::Scenario scenario = load_scenario(args.scenario, args.overrides, args.seed);
    if (print_resolved) {
      std::cout << sim::to_yaml(scenario);
    } else {
      std::cout << args.scenario << ": ok (" << scenario.name << ": " << scenario.edge_servers.size()
                << " edge server(s), " << sim::vehicle_count(scenario) << " vehicles, " << scenario.duration
                << " s, seed " << scenario.seed << ")\n";
    }
    return kOk;
  });
}

int sweep_command(const SweepArgs& args) {
  return guarded([&]() -> int {
    SweepPlan plan = plan_sweep(args.file);
    if (args.dry_run) {
      for (const auto& p : plan.points) std::printf("%s  %s\n", p.id.c_str(), p.name.c_str());
      std::printf("%zu points\n", plan.points.size());
      return kOk;
    }
    if (args.output.empty()) throw core::InputError("vsm sweep: -o DIR is required (or --dry-run)");
    if (plan.points.size() > args.limit && !args.yes)
      throw core::InputError(args.file + ": " + std::to_string(plan.points.size()) + " points exceed the limit of " +
                            std::to_string(args.limit) + "; pass --yes to run them anyway");
    SweepOptions options;
    options.dir = args.output;
    options.jobs = args.jobs ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
    options.quiet = args.quiet;
    options.command_line = args.command_line;
    write_manifest(plan, options);

    if (args.backend == "slurm") {
      auto submission = submit_to_slurm(plan, args.output,
                                        args.slurm_template.empty() ? default_slurm_template() : args.slurm_template,
                                        args.sbatch);
      if (submission.points == 0) {
        std::printf("sweep %s: all %zu points complete, nothing submitted\n", args.output.c_str(), plan.points.size());
        return exit_code_for(write_index(args.output, plan));
      }
      std::printf("sweep %s: %zu of %zu points submitted as job array %s (%zu tasks), index job %s after it\n",
                  args.output.c_str(), submission.points, plan.points.size(), submission.array_job.c_str(),
                  submission.tasks, submission.index_job.c_str());
      if (!args.wait) {
        std::printf("  follow with: vsm sweep status %s\n", args.output.c_str());
        return kOk;
      }
      wait_for_jobs({submission.array_job, submission.index_job});
      std::size_t failed = write_index(args.output, plan);
      std::printf("  done: %zu failed   (index: %s/index.csv)\n", failed, args.output.c_str());
      return exit_code_for(failed);
    }

    SweepReport report = run_points(plan, options);
    write_index(args.output, plan);
    std::printf("sweep %s: %zu points, %zu were already complete, %zu run now, %zu failed%s\n", args.output.c_str(),
                report.total, report.already_complete, report.ran, report.failed,
                report.stopped ? " (stopped early: run the same command again to finish)" : "");
    std::printf("  index: %s/index.csv   (status: vsm sweep status %s)\n", args.output.c_str(), args.output.c_str());
    if (report.stopped) return 128 + std::max(0, core::g_stop_signal.load());
    return exit_code_for(report.failed);
  });
}

int sweep_status_command(const std::string& dir, bool json) {
  return guarded([&]() -> int {
    auto points = read_manifest(dir).points;
    std::map<std::string, std::size_t> counts;
    nlohmann::json failed = nlohmann::json::array();
    for (const auto& p : points) {
      auto status = point_status(dir, p.id);
      ++counts[to_string(status)];
      if (status == PointStatus::Failed) failed.push_back({{"id", p.id}, {"name", p.name}, {"error", point_error(dir, p.id)}});
    }
    if (json) {
      nlohmann::json out = {{"dir", dir}, {"points", points.size()}, {"failed_points", failed}};
      for (const char* s : {"complete", "running", "interrupted", "failed", "pending"}) out[s] = counts[s];
      std::cout << out.dump() << "\n";
      return kOk;
    }
    std::printf("%s: %zu points: %zu complete, %zu running (or killed), %zu interrupted, %zu failed, %zu pending\n",
                dir.c_str(), points.size(), counts["complete"], counts["running"], counts["interrupted"],
                counts["failed"], counts["pending"]);
    for (const auto& f : failed)
      std::printf("  failed %s (%s): %s\n", f["id"].get<std::string>().c_str(), f["name"].get<std::string>().c_str(),
                  f["error"].get<std::string>().c_str());
    return kOk;
  });
}

int sweep_task_command(const std::string& dir, std::size_t task) {
  return guarded([&]() -> int {
    SweepPlan plan = read_manifest(dir);
    auto ids = task_points(dir, task);
    std::erase_if(plan.points, [&](const SweepPoint& p) { return std::find(ids.begin(), ids.end(), p.id) == ids.end(); });
    SweepOptions options;
    options.dir = dir;
    const char* cpus = std::getenv("SLURM_CPUS_PER_TASK");
    options.jobs = cpus ? std::max(1, std::atoi(cpus)) : 1;
    options.quiet = true;
    SweepReport report = run_points(plan, options);
    std::printf("task %zu: %zu points, %zu run, %zu failed (recorded in their files)\n", task, report.total, report.ran,
                report.failed);
    return report.stopped ? 128 + std::max(0, core::g_stop_signal.load()) : kOk;  // failures are in the files
  });
}

int sweep_index_command(const std::string& dir) {
  return guarded([&]() -> int {
    std::size_t failed = write_index(dir, read_manifest(dir));
    std::printf("%s/index.csv written, %zu failed point(s)\n", dir.c_str(), failed);
    return exit_code_for(failed);
  });
}

// Hands the comparison to analysis/vsm_report.py (matplotlib) for figures and the report.
int write_figures_and_report(nlohmann::json comparison, const std::vector<analysis::RunRecord>& runs,
                             const CompareArgs& args) {
  std::map<std::string, nlohmann::json> groups;
  for (const auto& run : runs) {
    std::string label = analysis::group_label(args.by, run.group);
    auto& g = groups[label];
    g["label"] = label;
    g["runs"].push_back({{"path", run.path}, {"seed", run.seed}, {"scenario", run.scenario},
                         {"vsm_version", run.vsm_version}, {"git_commit", run.git_commit}, {"status", run.status}});
  }
  for (auto& [label, g] : groups) comparison["groups"].push_back(g);
  std::string dir = !args.report.empty() ? args.report : args.plots;
  std::filesystem::create_directories(dir);
  std::string json_path = dir + "/comparison.json";
  std::ofstream(json_path) << comparison.dump(1) << "\n";
  std::string command = "/usr/bin/python3 " + shell_quoted(std::string(VSM_ANALYSIS_DIR) + "/vsm_report.py") + " " +
                        shell_quoted(json_path) + (args.plots.empty() ? "" : " --plots " + shell_quoted(args.plots)) +
                        (args.report.empty() ? "" : " --report " + shell_quoted(args.report));
  try {
    run_shell(command);
  } catch (const std::runtime_error& e) {
    print_error(std::string("making figures failed (needs Debian's python3-matplotlib and python3-h5py): ") + e.what());
    return kInternalError;
  }
  if (!args.json) {
    if (!args.plots.empty()) std::printf("figures: %s/\n", args.plots.c_str());
    if (!args.report.empty()) std::printf("report: %s/report.html (and report.md)\n", args.report.c_str());
  }
  return kOk;
}

int compare_command(const CompareArgs& args) {
  using analysis::format_value;
  std::vector<std::string> metrics = args.metrics.empty() ? analysis::metric_names() : args.metrics;
  for (const auto& m : metrics) {
    const auto& known = analysis::metric_names();
    if (std::find(known.begin(), known.end(), m) == known.end()) {
      auto guess = core::closest_match(m, known);
      print_error("--metric " + m + ": unknown metric" + (guess ? " (did you mean \"" + *guess + "\"?)" : ""));
      return kBadInput;
    }
  }
  auto loaded = analysis::load_runs(args.inputs, args.by, args.include_incomplete);
  // Whether each file's tables are what its ledger committed (README "The ledger").
  nlohmann::json verdicts = nlohmann::json::object();
  std::map<std::string, std::size_t> verdict_counts;
  if (args.verify || args.require_verified) {
    std::erase_if(loaded.runs, [&](const analysis::RunRecord& run) {
      const std::string verdict = ledger_verdict(run.path);
      verdicts[run.path] = verdict;
      ++verdict_counts[verdict];
      if (!args.require_verified || verdict == "verified") return false;
      loaded.skipped.push_back(run.path + ": ledger " + verdict + " (left out by --require-verified)");
      return true;
    });
  }
  for (const auto& why : loaded.skipped) std::cerr << "vsm compare: left out " << why << "\n";
  if (loaded.runs.empty()) {
    print_error("no complete result to compare");
    return kBadInput;
  }

  analysis::Table table{{"group", "metric", "n", "mean", "sd", "ci95_low", "ci95_high", "interval"}, {}};
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : analysis::compare_groups(loaded.runs, args.by, metrics)) {
    const auto& s = row.summary;
    table.rows.push_back({row.group, row.metric, std::to_string(s.n), format_value(s.mean), format_value(s.sd),
                          format_value(s.ci_low), format_value(s.ci_high), s.method});
    rows.push_back({{"group", row.group}, {"metric", row.metric}, {"n", s.n}, {"mean", s.mean}, {"sd", s.sd},
                    {"ci95", {s.ci_low, s.ci_high}}, {"interval", s.method}});
  }
  analysis::Table paired{{"context", "metric", "n", "mean_difference", "ci95_low", "ci95_high", "relative"}, {}};
  nlohmann::json pairs = nlohmann::json::array();
  if (args.pair.size() == 2) {
    for (const auto& row : analysis::compare_pair(loaded.runs, args.by, args.pair[0], args.pair[1], metrics)) {
      const auto& d = row.difference;
      char relative[32];
      std::snprintf(relative, sizeof relative, "%+.2f%%", 100 * row.relative);
      paired.rows.push_back({row.context.empty() ? "-" : row.context, row.metric, std::to_string(d.n),
                             format_value(d.mean), format_value(d.ci_low), format_value(d.ci_high), relative});
      pairs.push_back({{"context", row.context}, {"metric", row.metric}, {"n", d.n}, {"mean_difference", d.mean},
                       {"ci95", {d.ci_low, d.ci_high}}, {"relative", row.relative}});
    }
  }
  if (!args.csv.empty()) std::ofstream(args.csv) << table.csv();
  if (!args.markdown.empty()) {
    std::ofstream md(args.markdown);
    md << table.markdown();
    if (!paired.rows.empty()) md << "\n" << args.pair[0] << " - " << args.pair[1] << " on common seeds:\n\n" << paired.markdown();
  }
  nlohmann::json out = {{"runs", loaded.runs.size()}, {"by", args.by}, {"metrics", metrics}, {"rows", rows}};
  if (args.pair.size() == 2) out["paired"] = {{"a", args.pair[0]}, {"b", args.pair[1]}, {"rows", pairs}};
  out["left_out"] = loaded.skipped;
  if (args.verify || args.require_verified) out["ledger"] = verdicts;
  if (!args.plots.empty() || !args.report.empty()) {
    if (int code = write_figures_and_report(out, loaded.runs, args)) return code;
  }
  if (args.json) {
    std::cout << out.dump() << "\n";
    return kOk;
  }
  std::printf("%zu runs compared, grouped by %s; mean (a proportion: pooled), sd across runs, 95%% interval "
              "(README \"Intervals\")\n\n",
              loaded.runs.size(), core::join(args.by, ", ").c_str());
  if (args.verify || args.require_verified) {
    std::vector<std::string> parts;
    for (const auto& [verdict, n] : verdict_counts) parts.push_back(std::to_string(n) + " " + verdict);
    std::printf("ledgers: %s\n\n", core::join(parts, ", ").c_str());
  }
  std::cout << table.text();
  if (args.pair.size() == 2) {
    std::printf("\n%s - %s on common seeds (paired):\n\n", args.pair[0].c_str(), args.pair[1].c_str());
    if (paired.rows.empty()) std::printf("(no runs of both with the same seed)\n");
    else std::cout << paired.text();
  }
  return kOk;
}

namespace {

std::string ledger_report(const std::string& path, const LedgerCheck& check, bool json) {
  std::ostringstream out;
  auto cell = [](const TableProblem& p) {
    return "/" + p.table + (p.row >= 0 ? " row " + std::to_string(p.row) : "") +
           (p.column.empty() ? "" : " " + p.column) + ": " + p.what;
  };
  if (json) {
    nlohmann::json problems = nlohmann::json::array(), table_problems = nlohmann::json::array();
    for (const auto& p : check.problems) problems.push_back({{"height", p.height}, {"problem", p.what}});
    for (const auto& p : check.table_problems)
      table_problems.push_back({{"table", p.table}, {"row", p.row}, {"column", p.column}, {"problem", p.what}});
    out << nlohmann::json{{"path", path},       {"blocks", check.blocks},    {"records", check.records},
                          {"trades", check.trades}, {"verified", check.verified()}, {"problems", problems},
                          {"table_problems", table_problems}}
        << "\n";
  } else if (check.verified()) {
    out << path << ": ledger verified: " << check.blocks << " blocks, " << check.records
        << " trade records; hashes, Merkle roots, signatures and heights all check, and every one of the "
        << check.trades << " rows of /trades is its committed record\n";
  } else {
    for (const auto& p : check.problems) out << path << ": block " << p.height << ": " << p.what << "\n";
    for (const auto& p : check.table_problems) out << path << ": " << cell(p) << "\n";
    out << path << ": ledger NOT verified: " << check.problems.size() + check.table_problems.size()
        << " problem(s) in " << check.blocks << " blocks and " << check.trades << " trades\n";
  }
  return out.str();
}

std::string info_report(const analysis::ResultInfo& info, bool json, bool print_scenario) {
  if (print_scenario) return info.scenario_yaml;
  if (json) {
    nlohmann::json tables = nlohmann::json::object();
    for (const auto& t : info.tables) tables[t.name] = {{"rows", t.rows}, {"columns", t.columns}};
    nlohmann::json out = {{"path", info.path},           {"format_version", info.format_version},
                          {"vsm_version", info.vsm_version}, {"git_commit", info.git_commit},
                          {"scenario", info.scenario_name},  {"seed", info.seed},
                          {"status", info.status},           {"started_at", info.started_at},
                          {"finished_at", info.finished_at}, {"tables", tables}};
    if (!info.error.empty()) out["error"] = info.error;
    return out.dump() + "\n";
  }
  std::ostringstream out;
  out << info.path << "\n"
      << "  scenario   " << info.scenario_name << " (seed " << info.seed << ")\n"
      << "  status     " << info.status << (info.error.empty() ? "" : ": ") << info.error << "\n"
      << "  written by vsm " << info.vsm_version << " (commit " << info.git_commit << "), format "
      << info.format_version << "\n"
      << "  started    " << info.started_at << (info.finished_at.empty() ? "" : ", finished ") << info.finished_at
      << "\n"
      << "  tables\n";
  for (const auto& t : info.tables) {
    char name[64];
    std::snprintf(name, sizeof name, "    /%-10s %8llu rows", t.name.c_str(), static_cast<unsigned long long>(t.rows));
    out << name << (t.ragged ? " (RAGGED: columns differ in length)" : "") << "  " << core::join(t.columns, " ")
        << "\n";
  }
  out << "  (the resolved scenario: vsm info --scenario " << info.path << ")\n";
  return out.str();
}

}  // namespace

// Both read a file someone may have corrupted: the reading runs in a child process
// (core/isolation.hpp), and a file that crashes the HDF5 library is one unreadable file.
int ledger_verify_command(const std::string& path, bool json) {
  const auto read = core::run_isolated([&](std::string& out) {
    const LedgerCheck check = check_ledger(path);
    out = ledger_report(path, check, json);
    return check.verified() ? kOk : kLedgerTampered;
  });
  if (!read.returned()) {
    print_error(read.failure_about(path));
    return kBadInput;
  }
  std::cout << read.output;
  return read.code;
}

int info_command(const std::string& path, bool json, bool print_scenario, bool verify) {
  const auto read = core::run_isolated([&](std::string& out) {
    out = info_report(analysis::ResultReader(path).info(), json, print_scenario);
    return kOk;
  });
  if (!read.returned()) {
    print_error(read.failure_about(path));
    return kBadInput;
  }
  if (!verify || print_scenario) {
    std::cout << read.output;
    return read.code;
  }
  const std::string verdict = ledger_verdict(path);
  if (json) {
    auto out = nlohmann::json::parse(read.output);
    out["ledger"] = verdict;
    std::cout << out.dump() << "\n";
  } else {
    std::cout << read.output << "  ledger     " << verdict
              << (verdict == "not verified" ? " (vsm ledger verify " + path + " says where)" : "") << "\n";
  }
  return verdict == "not verified" ? kLedgerTampered : kOk;
}

}  // namespace vsm::app
