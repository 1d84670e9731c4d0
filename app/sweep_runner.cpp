#include "app/sweep_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "analysis/result_reader.hpp"
#include "app/child_process.hpp"
#include "app/ledger_check.hpp"
#include "core/isolation.hpp"
#include "analysis/table.hpp"
#include "app/progress.hpp"
#include "core/input_error.hpp"
#include "core/stop_request.hpp"

namespace fs = std::filesystem;

namespace vsm::app {
namespace {

std::string points_dir(const std::string& dir) { return dir + "/points"; }
std::string log_path(const std::string& dir, const std::string& id) { return points_dir(dir) + "/" + id + ".log"; }
std::string failed_path(const std::string& dir, const std::string& id) {
  return points_dir(dir) + "/" + id + ".failed";
}

// Starts `vsm run` for one point; its output goes to the point's log.
pid_t start_point(const SweepPlan& plan, const SweepPoint& point, const std::string& dir) {
  std::vector<std::string> args = {vsm_executable(), "run", plan.base};
  for (const auto& [key, value] : point.values) args.insert(args.end(), {"--set", key + "=" + value});
  args.insert(args.end(), {"--seed", std::to_string(point.seed), "-o", result_path(dir, point.id), "--force", "-q"});
  return start_logged(args, log_path(dir, point.id));
}

// Writes a file beside its final name, then renames it: a reader never sees half of it.
// Written whole or not at all: on a full disk the old file stays and the sweep stops here.
void write_atomically(const std::string& path, const std::string& text) {
  {
    std::ofstream out(path + ".tmp");
    out << text;
    out.close();
    if (!out) {
      const int error = errno;
      std::error_code ignored;
      fs::remove(path + ".tmp", ignored);
      throw std::runtime_error(path + ": cannot write (" + std::strerror(error) + ")");
    }
  }
  fs::rename(path + ".tmp", path);
}

}  // namespace

std::string result_path(const std::string& dir, const std::string& id) { return points_dir(dir) + "/" + id + ".h5"; }

const char* to_string(PointStatus status) {
  switch (status) {
    case PointStatus::Pending: return "pending";
    case PointStatus::Running: return "running";
    case PointStatus::Complete: return "complete";
    case PointStatus::Interrupted: return "interrupted";
    case PointStatus::Failed: return "failed";
  }
  return "?";
}

PointStatus point_status(const std::string& dir, const std::string& id) {
  if (fs::exists(result_path(dir, id))) {
    // Every table opened, not only the status read: a point whose file says complete but is
    // corrupt is run again. In a child process: a corrupt file must not crash the HDF5
    // library in here.
    const auto read = core::run_isolated([&](std::string& status) {
      const auto info = analysis::ResultReader(result_path(dir, id)).info();
      status = info.status;
      for (const auto& table : info.tables)
        if (table.ragged) status = "damaged";
      return 0;
    });
    if (!read.returned()) return PointStatus::Running;  // being written (locked), cut short or corrupt: run again
    if (read.output == "complete") return PointStatus::Complete;
    if (read.output == "interrupted") return PointStatus::Interrupted;
    // A run that ended with an error before it could say so in its file (a full disk).
    if (read.output == "failed" || fs::exists(failed_path(dir, id))) return PointStatus::Failed;
    return PointStatus::Running;
  }
  return fs::exists(failed_path(dir, id)) ? PointStatus::Failed : PointStatus::Pending;
}

std::string point_error(const std::string& dir, const std::string& id) {
  if (!fs::exists(failed_path(dir, id))) return "";
  const std::string reason = last_line(failed_path(dir, id));
  return reason.empty() ? "(no reason recorded: the disk may have been full)" : reason;
}

void write_manifest(const SweepPlan& plan, const SweepOptions& options) {
  fs::create_directories(points_dir(options.dir));
  YAML::Emitter out;
  out << YAML::BeginMap;
  std::stringstream sweep_text;
  sweep_text << std::ifstream(plan.file).rdbuf();
  out << YAML::Key << "sweep" << YAML::Value << plan.file;
  out << YAML::Key << "sweep_yaml" << YAML::Value << YAML::Literal << sweep_text.str();  // as it was when run
  out << YAML::Key << "base" << YAML::Value << plan.base;
  out << YAML::Key << "command" << YAML::Value << options.command_line;
  out << YAML::Key << "keys" << YAML::Value << YAML::Flow << plan.keys;
  out << YAML::Key << "points" << YAML::Value << YAML::BeginSeq;
  for (const auto& p : plan.points) {
    out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << p.id << YAML::Key << "name" << YAML::Value << p.name
        << YAML::Key << "seed" << YAML::Value << p.seed << YAML::Key << "values" << YAML::Value << YAML::Flow
        << YAML::BeginMap;
    for (const auto& [key, value] : p.values) out << YAML::Key << key << YAML::Value << value;
    out << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  write_atomically(options.dir + "/manifest.yaml", std::string(out.c_str()) + "\n");
}

SweepPlan read_manifest(const std::string& dir) {
  std::string path = dir + "/manifest.yaml";
  if (!fs::exists(path)) throw core::InputError(dir + ": not a sweep directory (no manifest.yaml)");
  YAML::Node manifest = YAML::LoadFile(path);
  SweepPlan plan;
  plan.file = manifest["sweep"].as<std::string>();
  plan.base = manifest["base"].as<std::string>();
  for (const auto& k : manifest["keys"]) plan.keys.push_back(k.as<std::string>());
  for (const auto& p : manifest["points"]) {
    SweepPoint point;
    point.id = p["id"].as<std::string>();
    point.name = p["name"].as<std::string>();
    point.seed = p["seed"].as<std::uint64_t>();
    for (const auto& kv : p["values"]) point.values.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
    plan.points.push_back(point);
  }
  return plan;
}

std::size_t write_index(const std::string& dir, const SweepPlan& plan) {
  analysis::Table index;
  index.header = {"id", "name", "seed"};
  index.header.insert(index.header.end(), plan.keys.begin(), plan.keys.end());
  index.header.insert(index.header.end(), {"status", "ledger", "file"});
  std::size_t failed = 0;
  for (const auto& p : plan.points) {
    std::map<std::string, std::string> values(p.values.begin(), p.values.end());
    PointStatus status = point_status(dir, p.id);
    failed += status == PointStatus::Failed;
    std::vector<std::string> row = {p.id, p.name, std::to_string(p.seed)};
    for (const auto& key : plan.keys) row.push_back(values[key]);
    // Whether a complete point's ledger verifies: its tables are what its blocks committed.
    const std::string ledger = status == PointStatus::Complete ? ledger_verdict(result_path(dir, p.id)) : "";
    row.insert(row.end(), {to_string(status), ledger, "points/" + p.id + ".h5"});
    index.rows.push_back(row);
  }
  write_atomically(dir + "/index.csv", index.csv());
  return failed;
}

SweepReport run_points(const SweepPlan& plan, const SweepOptions& options) {
  fs::create_directories(points_dir(options.dir));

  SweepReport report;
  report.total = plan.points.size();
  std::vector<const SweepPoint*> todo;
  for (const auto& p : plan.points) {
    if (point_status(options.dir, p.id) == PointStatus::Complete) {
      ++report.already_complete;
      continue;
    }
    fs::remove(failed_path(options.dir, p.id));
    todo.push_back(&p);
  }
  if (!options.quiet)
    std::fprintf(stderr, "vsm sweep: %zu points, %zu already complete, %zu to run with %zu jobs\n", report.total,
                 report.already_complete, todo.size(), options.jobs);

  core::catch_stop_signals(/*only_once=*/false);  // keep catching: stops are forwarded to the points

  const bool terminal = !options.quiet && isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  std::map<pid_t, const SweepPoint*> running;
  std::size_t next = 0;
  auto show = [&](bool force) {
    if (options.quiet) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_report < std::chrono::seconds(terminal ? 1 : 10)) return;
    last_report = now;
    double elapsed = std::chrono::duration<double>(now - start).count();
    const std::size_t done = report.ran;
    std::string eta = done ? Progress::format_seconds(elapsed * static_cast<double>(todo.size() - done) / done) : "?";
    std::fprintf(stderr, "%svsm sweep: %zu/%zu done, %zu running, %zu failed, elapsed %s, ETA %s%s",
                 terminal ? "\r" : "", done, todo.size(), running.size(), report.failed,
                 Progress::format_seconds(elapsed).c_str(), eta.c_str(), terminal ? "\033[K" : "\n");
  };

  while (next < todo.size() || !running.empty()) {
    while (!core::stop_requested() && next < todo.size() && running.size() < options.jobs) {
      running[start_point(plan, *todo[next], options.dir)] = todo[next];
      ++next;
    }
    if (running.empty()) break;
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) {
        for (const auto& [child, point] : running) kill(child, SIGTERM);  // each finishes its round
        continue;
      }
      break;
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const SweepPoint& point = *it->second;
    running.erase(it);
    ++report.ran;
    int code = exit_code(status);
    if (code != 0 && !(core::stop_requested() && code >= 128)) {
      ++report.failed;
      std::ofstream(failed_path(options.dir, point.id))
          << "exit code " << code << "\n" << last_line(log_path(options.dir, point.id)) << "\n";
    }
    show(false);
  }
  if (!todo.empty()) show(true);
  if (terminal && !todo.empty()) std::fprintf(stderr, "\n");
  report.stopped = core::stop_requested();
  core::release_stop_signals();
  return report;
}

}  // namespace vsm::app
