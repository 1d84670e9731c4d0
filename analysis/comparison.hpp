#pragma once
// Comparing runs: read result files (or directories of them, e.g. a sweep's output), group
// them by policy or any scenario key read from the recorded scenario, aggregate every metric
// across the runs of a group (runs are seeds), and compare two groups on common seeds.

#include <map>
#include <string>
#include <vector>

#include "analysis/run_metrics.hpp"
#include "analysis/statistics.hpp"

namespace vsm::analysis {

struct RunRecord {
  std::string path;
  std::vector<std::string> group;  // one value per --by key
  std::int64_t seed = 0;
  std::map<std::string, RunValue> metrics;
  std::string scenario, vsm_version, git_commit, status;  // provenance, for reports
};

struct LoadedRuns {
  std::vector<RunRecord> runs;
  std::vector<std::string> skipped;  // "path: why", for files left out
};

// `by`: dotted scenario keys; "policy" means edge_servers.0.policy.name. Files whose status is
// not complete are left out (and listed) unless `include_incomplete`; unreadable or foreign
// files are listed and do not stop the others.
LoadedRuns load_runs(const std::vector<std::string>& inputs, const std::vector<std::string>& by,
                     bool include_incomplete);

// "key=value key=value" for the --by keys from index `from` on: how groups are named.
std::string group_label(const std::vector<std::string>& by, const std::vector<std::string>& values,
                        std::size_t from = 0);

// Each metric aggregated as its definition says (run_metrics.hpp): a mean with a t interval, a
// pooled proportion with a Wilson interval, or a mean with a bootstrap interval.
struct ComparisonRow {
  std::string group;  // "key=value key=value"
  std::string metric;
  Summary summary;
};

std::vector<ComparisonRow> compare_groups(const std::vector<RunRecord>& runs, const std::vector<std::string>& by,
                                          const std::vector<std::string>& metrics);

// A minus B on runs with the same seed and the same values of the other --by keys, where A and
// B are values of the first --by key. `relative` is the mean difference over B's mean. The
// differences of the runs' values (a proportion's rate) get a Student-t interval.
struct PairedRow {
  std::string context;  // the other --by keys' values, if any
  std::string metric;
  Summary difference;
  double relative = 0;
};

std::vector<PairedRow> compare_pair(const std::vector<RunRecord>& runs, const std::vector<std::string>& by,
                                    const std::string& a, const std::string& b, const std::vector<std::string>& metrics);

}  // namespace vsm::analysis
