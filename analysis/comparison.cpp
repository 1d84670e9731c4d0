#include "analysis/comparison.hpp"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <sstream>

#include "analysis/result_reader.hpp"
#include "core/isolation.hpp"

namespace fs = std::filesystem;

namespace vsm::analysis {
namespace {

// A value of the recorded scenario by dotted key ("edge_servers.0.policy.name").
std::string scenario_value(const YAML::Node& scenario, const std::string& key) {
  std::string path = key == "policy" ? "edge_servers.0.policy.name" : key;
  YAML::Node node = scenario;  // a handle: reset() below rebinds it, and const lookups insert nothing
  std::istringstream parts(path);
  for (std::string part; std::getline(parts, part, '.');) {
    const YAML::Node& here = node;
    YAML::Node next;
    if (here.IsSequence() && !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit)) {
      std::size_t i = std::stoul(part);
      if (i >= here.size()) return "(none)";
      next = here[i];
    } else if (here.IsMap() && here[part]) {
      next = here[part];
    } else {
      return "(none)";
    }
    node.reset(next);
  }
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

std::vector<std::string> result_files(const std::string& input, std::vector<std::string>& skipped) {
  std::vector<std::string> files;
  if (fs::is_directory(input)) {
    for (const auto& entry : fs::recursive_directory_iterator(input))
      if (entry.is_regular_file() && entry.path().extension() == ".h5") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (files.empty()) skipped.push_back(input + ": no .h5 result files in it");
  } else if (fs::exists(input)) {
    files.push_back(input);
  } else {
    skipped.push_back(input + ": no such file or directory");
  }
  return files;
}

}  // namespace

std::string group_label(const std::vector<std::string>& by, const std::vector<std::string>& values, std::size_t from) {
  std::string text;
  for (std::size_t i = from; i < by.size(); ++i) text += (text.empty() ? "" : " ") + by[i] + "=" + values[i];
  return text;
}

namespace {

// One run's record, read from its file (in a child process: see load_runs).
RunRecord read_run(const std::string& path, const std::vector<std::string>& by, bool include_incomplete) {
  ResultReader result(path);
  ResultInfo info = result.info();
  RunRecord run;
  run.path = path;
  run.seed = info.seed;
  run.scenario = info.scenario_name;
  run.vsm_version = info.vsm_version;
  run.git_commit = info.git_commit;
  run.status = info.status;
  YAML::Node scenario = YAML::Load(info.scenario_yaml);
  for (const auto& key : by) run.group.push_back(scenario_value(scenario, key));
  if (run.status == "complete" || include_incomplete) run.metrics = run_metrics(result);
  return run;
}

// The record as text across the pipe from the child, and back: exact, numbers as JSON.
std::string to_text(const RunRecord& run) {
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [name, v] : run.metrics) metrics[name] = {v.value, v.successes, v.trials};
  return nlohmann::json{{"path", run.path}, {"group", run.group}, {"seed", run.seed}, {"scenario", run.scenario},
                        {"vsm_version", run.vsm_version}, {"git_commit", run.git_commit}, {"status", run.status},
                        {"metrics", metrics}}
      .dump();
}

RunRecord from_text(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  RunRecord run;
  run.path = j["path"];
  run.group = j["group"].get<std::vector<std::string>>();
  run.seed = j["seed"];
  run.scenario = j["scenario"];
  run.vsm_version = j["vsm_version"];
  run.git_commit = j["git_commit"];
  run.status = j["status"];
  auto number = [](const nlohmann::json& x) {  // JSON has no NaN: it travels as null
    return x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>();
  };
  for (const auto& [name, v] : j["metrics"].items()) run.metrics[name] = {number(v[0]), number(v[1]), number(v[2])};
  return run;
}

}  // namespace

LoadedRuns load_runs(const std::vector<std::string>& inputs, const std::vector<std::string>& by,
                     bool include_incomplete) {
  LoadedRuns loaded;
  for (const auto& input : inputs)
    for (const auto& path : result_files(input, loaded.skipped)) {
      // A file from a sweep folder may be corrupt in ways that crash the HDF5 library: it is
      // read in a child process, so such a file is left out with its reason and the rest go on.
      const auto read = core::run_isolated([&](std::string& out) {
        out = to_text(read_run(path, by, include_incomplete));
        return 0;
      });
      if (!read.returned()) {
        loaded.skipped.push_back(read.failure_about(path));
        continue;
      }
      RunRecord run = from_text(read.output);
      if (run.status != "complete" && !include_incomplete) {
        loaded.skipped.push_back(path + ": status " + run.status + " (left out; --include-incomplete keeps it)");
        continue;
      }
      loaded.runs.push_back(std::move(run));
    }
  return loaded;
}

std::vector<ComparisonRow> compare_groups(const std::vector<RunRecord>& runs, const std::vector<std::string>& by,
                                          const std::vector<std::string>& metrics) {
  std::map<std::vector<std::string>, std::vector<const RunRecord*>> groups;
  for (const auto& run : runs) groups[run.group].push_back(&run);
  std::vector<ComparisonRow> rows;
  for (const auto& [values, members] : groups)
    for (const auto& metric : metrics) {
      std::vector<double> samples;
      std::vector<std::pair<double, double>> counts;
      for (const auto* run : members)
        if (auto it = run->metrics.find(metric); it != run->metrics.end()) {
          samples.push_back(it->second.value);
          counts.emplace_back(it->second.successes, it->second.trials);
        }
      if (samples.empty()) continue;
      const Aggregation aggregation = aggregation_of(metric);
      Summary summary = aggregation == Aggregation::Proportion ? summarise_proportion(counts)
                        : aggregation == Aggregation::Bootstrap ? summarise_bootstrap(samples)
                                                                : summarise(samples);
      rows.push_back({group_label(by, values), metric, summary});
    }
  return rows;
}

std::vector<PairedRow> compare_pair(const std::vector<RunRecord>& runs, const std::vector<std::string>& by,
                                    const std::string& a, const std::string& b, const std::vector<std::string>& metrics) {
  // (other group values, seed) -> the run of A and of B
  std::map<std::pair<std::vector<std::string>, std::int64_t>, std::pair<const RunRecord*, const RunRecord*>> matched;
  for (const auto& run : runs) {
    if (run.group.empty() || (run.group[0] != a && run.group[0] != b)) continue;
    std::vector<std::string> others(run.group.begin() + 1, run.group.end());
    auto& slot = matched[{others, run.seed}];
    (run.group[0] == a ? slot.first : slot.second) = &run;
  }
  std::map<std::vector<std::string>, std::vector<std::pair<const RunRecord*, const RunRecord*>>> by_context;
  for (const auto& [key, pair] : matched)
    if (pair.first && pair.second) by_context[key.first].push_back(pair);

  std::vector<PairedRow> rows;
  for (const auto& [others, pairs] : by_context) {
    std::vector<std::string> context_values(1, "");
    context_values.insert(context_values.end(), others.begin(), others.end());
    for (const auto& metric : metrics) {
      std::vector<double> differences, b_values;
      for (const auto& [ra, rb] : pairs) {
        auto ia = ra->metrics.find(metric), ib = rb->metrics.find(metric);
        if (ia == ra->metrics.end() || ib == rb->metrics.end()) continue;
        differences.push_back(ia->second.value - ib->second.value);
        b_values.push_back(ib->second.value);
      }
      if (differences.empty()) continue;
      PairedRow row{group_label(by, context_values, 1), metric, summarise(differences), 0};
      double b_mean = summarise(b_values).mean;
      row.relative = b_mean != 0 ? row.difference.mean / std::fabs(b_mean) : 0;
      rows.push_back(row);
    }
  }
  return rows;
}

}  // namespace vsm::analysis
