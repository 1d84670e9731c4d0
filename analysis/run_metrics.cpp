#include "analysis/run_metrics.hpp"

#include <algorithm>
#include <numeric>

#include "analysis/statistics.hpp"

namespace vsm::analysis {
namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }
double sum(const std::vector<std::int64_t>& v) { return static_cast<double>(std::accumulate(v.begin(), v.end(), 0L)); }
double mean(const std::vector<double>& v) { return sum(v) / static_cast<double>(v.size()); }

}  // namespace

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names = {
      "server_utility_per_round", "welfare_per_round", "vehicle_utility",   "participation_rate",
      "on_time_rate",             "ir_violation_rate", "ic_violation_rate", "payment_per_megabyte",
      "quality",                  "latency_p50",       "latency_p95",       "latency_p99",
      "lost_coverage_rate"};
  return names;
}

std::map<std::string, double> run_metrics(const ResultReader& result) {
  std::map<std::string, double> m;
  auto server_utility = result.doubles("rounds", "server_utility");
  if (!server_utility.empty()) {
    m["server_utility_per_round"] = mean(server_utility);
    m["welfare_per_round"] = mean(result.doubles("rounds", "welfare"));
  }
  double offered = sum(result.integers("rounds", "offered"));
  if (offered > 0) {
    m["participation_rate"] = sum(result.integers("rounds", "accepted")) / offered;
    m["ir_violation_rate"] = sum(result.integers("rounds", "ir_violations")) / offered;
    m["ic_violation_rate"] = sum(result.integers("rounds", "ic_violations")) / offered;
  }
  auto user = result.doubles("trades", "user_utility");
  if (!user.empty()) {
    m["vehicle_utility"] = mean(user);
    m["on_time_rate"] = sum(result.integers("trades", "on_time")) / static_cast<double>(user.size());
    m["quality"] = mean(result.doubles("trades", "quality"));
  }
  auto megabytes = result.doubles("uploads", "megabytes");
  if (sum(megabytes) > 0) m["payment_per_megabyte"] = sum(result.doubles("trades", "reward")) / sum(megabytes);
  // Latency of the uploads that arrived: a lost one's "latency" is only how long it ran.
  auto all_latencies = result.doubles("uploads", "latency");
  auto outcome = result.integers("uploads", "outcome");
  std::vector<double> latency;
  for (std::size_t i = 0; i < all_latencies.size(); ++i)
    if (outcome[i] != 1) latency.push_back(all_latencies[i]);
  if (!outcome.empty())
    m["lost_coverage_rate"] =
        static_cast<double>(std::count(outcome.begin(), outcome.end(), 1)) / static_cast<double>(outcome.size());
  if (!latency.empty()) {
    m["latency_p50"] = percentile(latency, 0.50);
    m["latency_p95"] = percentile(latency, 0.95);
    m["latency_p99"] = percentile(latency, 0.99);
  }
  return m;
}

}  // namespace vsm::analysis
