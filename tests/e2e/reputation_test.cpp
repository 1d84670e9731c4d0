// Malicious vehicles and reputations end to end, on scenarios/malicious.yaml (3 servers, 60
// vehicles, 20% cheats): cheats are excluded within two rounds of their first cheat and trade
// far less than without reputations; each cheating behaviour shows in what the server records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <numeric>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

class Reputations : public VsmTest {
 protected:
  analysis::ResultReader run_malicious(const std::string& name, std::vector<std::string> sets) {
    std::vector<std::string> args = {"run", source_path("scenarios/malicious.yaml"), "-o", name, "-q", "--set", "duration=300"};
    for (const auto& s : sets) {
      args.push_back("--set");
      args.push_back(s);
    }
    auto r = vsm(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return analysis::ResultReader(dir + "/" + name);
  }
  static std::int64_t count_malicious_trades(const analysis::ResultReader& r) {
    auto m = r.integers("trades", "malicious");
    return std::count(m.begin(), m.end(), 1);
  }
};

TEST_F(Reputations, CheatsAreExcludedWithinTwoRoundsAndTradeFarLess) {
  auto on = run_malicious("on.h5", {});
  auto off = run_malicious("off.h5", {"reputation.enabled=false"});
  EXPECT_LT(3 * count_malicious_trades(on), count_malicious_trades(off));

  auto malicious = on.integers("vehicles", "malicious");
  std::map<std::int64_t, double> first_trade, first_excluded;
  auto vehicle = on.integers("trades", "vehicle");
  auto t = on.doubles("trades", "t");
  for (std::size_t i = 0; i < vehicle.size(); ++i) first_trade.emplace(vehicle[i], t[i]);
  auto rv = on.integers("reputation", "vehicle");
  auto rt = on.doubles("reputation", "t");
  auto value = on.doubles("reputation", "reputation");
  for (std::size_t i = 0; i < rv.size(); ++i)
    if (value[i] < 0.4) first_excluded.emplace(rv[i], rt[i]);
  std::size_t cheats = 0, honest_excluded = 0;
  for (std::size_t v = 0; v < malicious.size(); ++v) {
    const auto id = static_cast<std::int64_t>(v);
    if (malicious[v] == 1 && first_trade.count(id)) {
      ++cheats;
      ASSERT_TRUE(first_excluded.count(id)) << "cheat " << v << " never excluded";
      EXPECT_LE(first_excluded[id] - first_trade[id], 2 * 10 + 1) << "cheat " << v;  // two 10 s rounds and the block's agreement
    }
    if (malicious[v] == 0 && first_excluded.count(id)) ++honest_excluded;
  }
  EXPECT_EQ(cheats, 12u);
  EXPECT_LE(honest_excluded, 2u);  // of 48: losing coverage twice running can happen to anyone
  auto withheld = on.integers("rounds", "withheld_malicious");
  EXPECT_GT(std::accumulate(withheld.begin(), withheld.end(), std::int64_t{0}), 0);
}

TEST_F(Reputations, EachCheatShowsInTheRecord) {
  auto late = run_malicious("late.h5", {"vehicles.malicious.behaviour=late", "reputation.enabled=false"});
  auto collude = run_malicious("collude.h5", {"vehicles.malicious.behaviour=collude", "reputation.enabled=false"});
  auto check = [](const analysis::ResultReader& r, auto&& expect) {
    auto m = r.integers("trades", "malicious");
    std::size_t seen = 0;
    for (std::size_t i = 0; i < m.size(); ++i)
      if (m[i] == 1) {
        expect(i);
        ++seen;
      }
    EXPECT_GT(seen, 50u);
  };
  auto on_time = late.integers("trades", "on_time");
  auto measured = late.doubles("trades", "latency_measured"), promised = late.doubles("trades", "latency_promised");
  check(late, [&](std::size_t i) {
    EXPECT_EQ(on_time[i], 0);
    EXPECT_GE(measured[i], promised[i] - 1e-9);  // held until the deadline (equal: lost before it sent anything)
  });
  auto quality = collude.doubles("trades", "quality");
  auto passed = collude.integers("trades", "check_passed");
  check(collude, [&](std::size_t i) {
    EXPECT_EQ(quality[i], 0.0);
    EXPECT_EQ(passed[i], 0);
  });
}

TEST_F(Reputations, WeighingTypesByReputationReshapesTheScreeningMenu) {
  // The screening model's optimal menu depends on the type shares; with weight_menus the server
  // designs it for shares weighed by the reputation of each type's claimants.
  auto menus = [&](const std::string& name, const std::string& weigh) {
    auto r = vsm({"run", source_path("scenarios/contract-screening.yaml"), "-o", name, "-q", "--set",
                  "vehicles.malicious.fraction=0.2", "--set", "reputation.enabled=true", "--set",
                  "reputation.weight_menus=" + weigh});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    analysis::ResultReader result(dir + "/" + name);
    std::map<std::int64_t, std::map<std::int64_t, double>> promised;  // round -> item -> latency
    auto round = result.integers("trades", "round");
    auto item = result.integers("trades", "item");
    auto latency = result.doubles("trades", "latency_promised");
    for (std::size_t i = 0; i < round.size(); ++i) promised[round[i]][item[i]] = latency[i];
    return promised;
  };
  auto plain = menus("plain.h5", "false"), weighed = menus("weighed.h5", "true");
  ASSERT_EQ(plain.size(), weighed.size());
  EXPECT_EQ(plain[0], weighed[0]);  // before any evidence every weight is 1
  std::size_t differ = 0;
  for (const auto& [round, items] : plain) differ += weighed[round] != items ? 1 : 0;
  EXPECT_GT(differ, plain.size() / 2);
}

}  // namespace
}  // namespace vsm::testing
