#include "analysis/run_metrics.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

#include "analysis/statistics.hpp"

namespace vsm::analysis {
namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }
double sum(const std::vector<std::int64_t>& v) { return static_cast<double>(std::accumulate(v.begin(), v.end(), 0L)); }
double mean(const std::vector<double>& v) { return sum(v) / static_cast<double>(v.size()); }
RunValue value(double v) { return {v, 0, 0}; }
RunValue proportion(double successes, double trials) { return {successes / trials, successes, trials}; }

bool has_column(const ResultReader& result, const std::string& table, const std::string& column) {
  auto tables = result.tables();
  if (std::find(tables.begin(), tables.end(), table) == tables.end()) return false;
  auto columns = result.columns(table);
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

// Regret to the exact optimal menu, over the rounds whose mechanism is a contract menu.
void add_regret(const ResultReader& result, std::map<std::string, RunValue>& m) {
  if (!has_column(result, "rounds", "server_utility_optimal")) return;  // files before it was recorded
  auto optimal = result.doubles("rounds", "server_utility_optimal");
  auto expected = result.doubles("rounds", "server_utility_expected");
  std::vector<double> regret;
  for (std::size_t i = 0; i < optimal.size(); ++i)
    if (std::isfinite(optimal[i])) regret.push_back(optimal[i] - expected[i]);
  if (!regret.empty()) m["regret_per_round"] = value(mean(regret));
}

// The clairvoyant bound (paced sensing, contract offers): what the round could have given at
// most, and what the policy left of it.
void add_bound(const ResultReader& result, std::map<std::string, RunValue>& m) {
  if (!has_column(result, "rounds", "server_utility_bound")) return;  // files before format 3
  auto bound = result.doubles("rounds", "server_utility_bound");
  auto realised = result.doubles("rounds", "server_utility");
  std::vector<double> bounds, gaps;
  for (std::size_t i = 0; i < bound.size(); ++i)
    if (std::isfinite(bound[i])) {
      bounds.push_back(bound[i]);
      gaps.push_back(bound[i] - realised[i]);
    }
  if (bounds.empty()) return;
  m["bound_per_round"] = value(mean(bounds));
  m["gap_to_bound_per_round"] = value(mean(gaps));
}

// Competing servers: of the vehicles offered to, the share that took (or was left to) a rival's
// offer. Only for runs with market.competition: best_offer.
void add_competition(const ResultReader& result, const YAML::Node& scenario, std::map<std::string, RunValue>& m) {
  const YAML::Node competition = scenario["market"]["competition"];
  if (!competition || competition.as<std::string>() != "best_offer") return;
  const double offered = sum(result.integers("rounds", "offered"));
  if (offered > 0) m["lost_to_rivals_rate"] = proportion(sum(result.integers("rounds", "lost_to_rivals")), offered);
}

// Cheats and reputations: what got through, what it cost, whom the reputations excluded.
// Only for runs with cheats: elsewhere these would be zeros that say nothing.
void add_reputation(const ResultReader& result, const YAML::Node& scenario, std::map<std::string, RunValue>& m) {
  if (!has_column(result, "vehicles", "malicious")) return;
  auto vehicle_id = result.integers("vehicles", "id");
  auto vehicle_malicious = result.integers("vehicles", "malicious");
  if (std::none_of(vehicle_malicious.begin(), vehicle_malicious.end(), [](std::int64_t bad) { return bad != 0; }))
    return;
  auto trade_malicious = result.integers("trades", "malicious");
  if (!trade_malicious.empty())
    m["malicious_trade_share"] = proportion(sum(trade_malicious), static_cast<double>(trade_malicious.size()));
  if (has_column(result, "rounds", "value_undelivered")) {
    auto undelivered = result.doubles("rounds", "value_undelivered");
    if (!undelivered.empty()) m["value_undelivered_per_round"] = value(mean(undelivered));
  }
  if (!has_column(result, "reputation", "reputation")) return;  // reputations off

  const double threshold = scenario["reputation"]["threshold"].as<double>();
  std::map<std::int64_t, double> excluded_at;  // vehicle -> when its reputation first fell below
  auto reputation = result.doubles("reputation", "reputation");
  auto reputation_vehicle = result.integers("reputation", "vehicle");
  auto reputation_t = result.doubles("reputation", "t");
  for (std::size_t i = 0; i < reputation.size(); ++i)
    if (reputation[i] < threshold) excluded_at.emplace(reputation_vehicle[i], reputation_t[i]);
  std::map<std::int64_t, std::set<std::int64_t>> rounds_traded;  // before the vehicle's exclusion, if any
  auto trade_vehicle = result.integers("trades", "vehicle");
  auto trade_round = result.integers("trades", "round");
  auto trade_t = result.doubles("trades", "t");
  for (std::size_t i = 0; i < trade_vehicle.size(); ++i) {
    auto excluded = excluded_at.find(trade_vehicle[i]);
    if (excluded == excluded_at.end() || trade_t[i] < excluded->second) rounds_traded[trade_vehicle[i]].insert(trade_round[i]);
  }

  double cheats = 0, cheats_excluded = 0, honest = 0, honest_excluded = 0;
  std::vector<double> rounds_to_exclude;  // per excluded cheat: the rounds it traded in first
  for (std::size_t v = 0; v < vehicle_id.size(); ++v) {
    const std::int64_t id = vehicle_id[v];
    const bool excluded = excluded_at.count(id) > 0;
    if (vehicle_malicious[v] == 0) {
      honest += 1;
      honest_excluded += excluded;
    } else if (rounds_traded.count(id)) {  // a cheat that never traded had no chance to be caught
      cheats += 1;
      cheats_excluded += excluded;
      if (excluded) rounds_to_exclude.push_back(static_cast<double>(rounds_traded[id].size()));
    }
  }
  if (cheats > 0) m["cheats_excluded_share"] = proportion(cheats_excluded, cheats);
  if (honest > 0) m["honest_excluded_share"] = proportion(honest_excluded, honest);
  if (!rounds_to_exclude.empty()) m["rounds_to_exclude_cheat"] = value(mean(rounds_to_exclude));
}

}  // namespace

const std::vector<MetricDefinition>& metric_definitions() {
  using A = Aggregation;
  static const std::vector<MetricDefinition> definitions = {
      {"server_utility_per_round", A::Mean},
      {"regret_per_round", A::Mean},
      {"bound_per_round", A::Mean},
      {"gap_to_bound_per_round", A::Mean},
      {"welfare_per_round", A::Mean},
      {"vehicle_utility", A::Mean},
      {"participation_rate", A::Proportion},
      {"on_time_rate", A::Proportion},
      {"ir_violation_rate", A::Proportion},
      {"ic_violation_rate", A::Proportion},
      {"payment_per_megabyte", A::Mean},
      {"quality", A::Mean},
      {"latency_p50", A::Mean},
      {"latency_p95", A::Mean},
      {"latency_p99", A::Mean},
      {"lost_coverage_rate", A::Proportion},
      {"malicious_trade_share", A::Proportion},
      {"value_undelivered_per_round", A::Mean},
      {"cheats_excluded_share", A::Proportion},
      {"honest_excluded_share", A::Proportion},
      {"rounds_to_exclude_cheat", A::Bootstrap},
      {"lost_to_rivals_rate", A::Proportion},
  };
  return definitions;
}

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& d : metric_definitions()) n.push_back(d.name);
    return n;
  }();
  return names;
}

Aggregation aggregation_of(const std::string& metric) {
  for (const auto& d : metric_definitions())
    if (d.name == metric) return d.aggregation;
  throw std::out_of_range("unknown metric " + metric);
}

std::map<std::string, RunValue> run_metrics(const ResultReader& result) {
  std::map<std::string, RunValue> m;
  auto server_utility = result.doubles("rounds", "server_utility");
  if (!server_utility.empty()) {
    m["server_utility_per_round"] = value(mean(server_utility));
    m["welfare_per_round"] = value(mean(result.doubles("rounds", "welfare")));
  }
  double offered = sum(result.integers("rounds", "offered"));
  if (offered > 0) {
    m["participation_rate"] = proportion(sum(result.integers("rounds", "accepted")), offered);
    m["ir_violation_rate"] = proportion(sum(result.integers("rounds", "ir_violations")), offered);
    m["ic_violation_rate"] = proportion(sum(result.integers("rounds", "ic_violations")), offered);
  }
  auto user = result.doubles("trades", "user_utility");
  if (!user.empty()) {
    m["vehicle_utility"] = value(mean(user));
    m["on_time_rate"] = proportion(sum(result.integers("trades", "on_time")), static_cast<double>(user.size()));
    m["quality"] = value(mean(result.doubles("trades", "quality")));
  }
  auto megabytes = result.doubles("uploads", "megabytes");
  if (sum(megabytes) > 0) m["payment_per_megabyte"] = value(sum(result.doubles("trades", "reward")) / sum(megabytes));
  // Latency of the uploads that arrived: a lost one's "latency" is only how long it ran.
  auto all_latencies = result.doubles("uploads", "latency");
  auto outcome = result.integers("uploads", "outcome");
  std::vector<double> latency;
  for (std::size_t i = 0; i < all_latencies.size(); ++i)
    if (outcome[i] != 1) latency.push_back(all_latencies[i]);
  if (!outcome.empty())
    m["lost_coverage_rate"] = proportion(static_cast<double>(std::count(outcome.begin(), outcome.end(), 1)),
                                         static_cast<double>(outcome.size()));
  if (!latency.empty()) {
    m["latency_p50"] = value(percentile(latency, 0.50));
    m["latency_p95"] = value(percentile(latency, 0.95));
    m["latency_p99"] = value(percentile(latency, 0.99));
  }
  add_regret(result, m);
  add_bound(result, m);
  const YAML::Node scenario = YAML::Load(result.scenario_yaml());  // as the run resolved it
  add_reputation(result, scenario, m);
  add_competition(result, scenario, m);
  return m;
}

}  // namespace vsm::analysis
