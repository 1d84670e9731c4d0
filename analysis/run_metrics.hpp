#pragma once
// The metrics of one run, computed from its result file: what `vsm compare` aggregates across
// seeds. The README ("Comparing incentive schemes", "Metrics") defines each one.

#include <map>
#include <string>
#include <vector>

#include "analysis/result_reader.hpp"

namespace vsm::analysis {

// How a metric is aggregated across runs, and so which interval it gets (statistics.hpp).
enum class Aggregation {
  Mean,        // a continuous quantity: the mean of the runs' values, Student t
  Proportion,  // successes of trials: the pooled proportion, Wilson
  Bootstrap,   // bounded or discrete, where a t interval can leave the possible values
};

struct MetricDefinition {
  std::string name;
  Aggregation aggregation;
};

// Every metric, in display order.
const std::vector<MetricDefinition>& metric_definitions();
const std::vector<std::string>& metric_names();
Aggregation aggregation_of(const std::string& metric);  // throws std::out_of_range for an unknown name

// One run's value of a metric. A proportion keeps its counts (value = successes / trials):
// runs are pooled by their counts, not by their rates.
struct RunValue {
  double value = 0;
  double successes = 0, trials = 0;
};

// name -> value for one run; a metric without data (no trades, no reputations) is absent.
std::map<std::string, RunValue> run_metrics(const ResultReader& result);

}  // namespace vsm::analysis
