// The result file's stable column names (docs/design.md "Result files"): other tools read them.

#include "sim/result_layout.hpp"

#include <gtest/gtest.h>

namespace vsm::sim {
namespace {

TEST(ResultLayout, StableColumnNames) {
  auto names = [](const auto& columns) {
    std::vector<std::string> out;
    for (const auto& c : columns) out.push_back(c.name);
    return out;
  };
  EXPECT_EQ(names(trade_columns()),
            (std::vector<std::string>{"t", "round", "server", "vehicle", "theta", "item", "latency_promised",
                                      "latency_measured", "reward", "user_utility", "server_utility", "on_time",
                                      "quality", "check_passed", "quality_claimed", "malicious"}));
  EXPECT_EQ(names(round_columns()),
            (std::vector<std::string>{"t", "round", "server", "offered", "accepted", "declined", "payment",
                                      "server_utility", "server_utility_expected", "ir_violations", "ic_violations",
                                      "welfare", "withheld", "withheld_malicious", "server_utility_optimal",
                                      "value_undelivered", "server_utility_bound", "contested", "lost_to_rivals"}));
  EXPECT_EQ(names(upload_columns()),
            (std::vector<std::string>{"vehicle", "server", "t_start", "t_end", "megabytes", "latency", "outcome", "rate_mbps"}));
}

}  // namespace
}  // namespace vsm::sim
