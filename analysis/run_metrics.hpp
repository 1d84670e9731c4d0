#pragma once
// The metrics of one run, computed from its result file: what `vsm compare` aggregates across
// seeds. Each is one number per run; the README lists their definitions.

#include <map>
#include <string>
#include <vector>

#include "analysis/result_reader.hpp"

namespace vsm::analysis {

// The metric names in their display order.
const std::vector<std::string>& metric_names();

// name -> value for one run; a metric without data (no trades, say) is absent.
std::map<std::string, double> run_metrics(const ResultReader& result);

}  // namespace vsm::analysis
