// The physical layer end to end: rates that fall with distance, a channel shared by the
// vehicles of one server, uploads cut when coverage is lost, SUMO traces replayed at their
// time stamps, and bit-identical results per seed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <algorithm>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

// One server at (0, 3) buying 1 MB batches with the optimal contract (it promises 47.4 s);
// `vehicles` and `mobility` complete the scenario.
std::string scenario(const std::string& vehicles, const std::string& mobility, const std::string& extra = "") {
  return "name: physical\nduration: 100\n"
         "market: {round_period: 10, latency_max: 150}\n"
         "vehicles:\n" + vehicles +
         "  types:\n"
         "    - {theta: 50, probability: 0.5}\n"
         "    - {theta: 150, probability: 0.5}\n"
         "mobility:\n" + mobility +
         "radio: {model: wifi}\n"
         "edge_servers:\n"
         "  - {name: rsu, position: [0, 3], coverage_radius: 5000, policy: {name: contract.optimal}}\n" + extra;
}

// A single eastbound lane at y = 3 (area height 10, lane width 4), vehicles at `speed` m/s.
std::string lane(double speed, const std::string& positions) {
  return "  model: highway\n  area: [100000, 10]\n"
         "  highway: {lane_speeds: [" + std::to_string(speed) + "], lane_width: 4, both_directions: false}\n"
         "  positions: " + positions + "\n";
}

class Physical : public VsmTest {
 protected:
  analysis::ResultReader run_scenario(const std::string& text, const std::string& name,
                                      std::vector<std::string> extra = {}) {
    write_file(dir + "/" + name + ".yaml", text);
    std::vector<std::string> args = {"run", name + ".yaml", "-o", name + ".h5", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = vsm(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return analysis::ResultReader(dir + "/" + name + ".h5");
  }
};

TEST_F(Physical, DrivingAwayTheRateLevelDropsAndUploadLatencyRises) {
  auto result = run_scenario(scenario("  count: 1\n  data_megabytes: 1\n", lane(20, "[[10, 3]]")), "away");
  auto rate = result.doubles("uploads", "rate_mbps");
  auto latency = result.doubles("uploads", "latency");
  auto outcome = result.integers("uploads", "outcome");
  ASSERT_EQ(rate.size(), 10u);  // one upload per round
  for (std::size_t i = 1; i < rate.size(); ++i) {
    EXPECT_LE(rate[i], rate[i - 1]) << "round " << i;
    EXPECT_GE(latency[i], latency[i - 1]) << "round " << i;
  }
  // 70.1 - 22 log10(d) dB of SNR: 27 Mbit/s up to 124 m, the slowest 3 Mbit/s beyond 913 m.
  EXPECT_EQ(rate.front(), 27);
  EXPECT_EQ(rate.back(), 3);
  EXPECT_GT(latency.back(), 8 * latency.front());
  EXPECT_GT(latency.back(), 8.0 / 3);  // 1 MB at 3 Mbit/s cannot take less
  for (auto o : outcome) EXPECT_EQ(o, 0);
}

TEST_F(Physical, TwoVehiclesSharingTheChannelEachGetLessThanOneAlone) {
  const std::string mobility = "  model: static\n  positions: [[50, 3], [50, 3]]\n";
  auto alone = run_scenario(scenario("  count: 1\n  data_megabytes: 2\n", "  model: static\n  positions: [[50, 3]]\n"), "alone");
  auto shared = run_scenario(scenario("  count: 2\n  data_megabytes: 2\n", mobility), "shared");
  auto one = alone.doubles("uploads", "latency");
  auto two = shared.doubles("uploads", "latency");
  ASSERT_EQ(one.size(), 10u);
  ASSERT_EQ(two.size(), 20u);
  const double alone_mbps = 2 * 8 / one.front();
  for (double l : two) {
    const double each_mbps = 2 * 8 / l;
    EXPECT_LT(each_mbps, alone_mbps);
    EXPECT_NEAR(each_mbps, alone_mbps / 2, 0.05 * alone_mbps);  // two equal stations halve the air
  }
}

TEST_F(Physical, LeavingCoverageMidUploadRecordsAFailedUnpaidUpload) {
  // 500 m of coverage; the vehicle starts at 450 m driving away at 30 m/s: it leaves at 1.7 s
  // (the tick at 2 s sees it), while 5 MB at 9 Mbit/s (11.7 dB of SNR there) needs 4.4 s.
  auto text = scenario("  count: 1\n  data_megabytes: 5\n", lane(30, "[[450, 3]]"));
  text.replace(text.find("coverage_radius: 5000"), 21, "coverage_radius: 500");
  auto result = run_scenario(text, "leave", {"--set", "duration=5", "--set", "market.round_period=5"});
  auto outcome = result.integers("uploads", "outcome");
  ASSERT_EQ(outcome.size(), 1u);
  EXPECT_EQ(outcome[0], 1);  // lost coverage
  EXPECT_EQ(result.doubles("uploads", "rate_mbps")[0], 9);
  EXPECT_DOUBLE_EQ(result.doubles("uploads", "t_end")[0], 2.0);
  EXPECT_LT(result.doubles("uploads", "latency")[0], 2.0);
  EXPECT_EQ(result.integers("trades", "on_time")[0], 0);
  EXPECT_EQ(result.doubles("trades", "reward")[0], 0.0);
  EXPECT_LT(result.doubles("trades", "user_utility")[0], 0.0);  // it spent its effort
  EXPECT_EQ(result.doubles("trades", "quality")[0], 0.0);       // and no data arrived
}

// The trace's samples (time -> vehicle id -> (x, y)) and its vehicle ids in order of first
// appearance (vsm's vehicle ids), read line by line here, not with the code under test.
struct Trace {
  std::map<double, std::map<std::string, std::pair<double, double>>> samples;
  std::vector<std::string> ids;
};

// The value of attribute `name` in an XML element written on one line, or "".
std::string attribute(const std::string& line, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const auto at = line.find(key);
  if (at == std::string::npos) return "";
  const auto begin = at + key.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

Trace read_trace(const std::string& path) {
  Trace trace;
  double t = -1;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    if (line.find("<timestep ") != std::string::npos) {
      t = std::stod(attribute(line, "time"));
    } else if (line.find("<vehicle ") != std::string::npos) {
      const std::string id = attribute(line, "id");
      if (std::find(trace.ids.begin(), trace.ids.end(), id) == trace.ids.end()) trace.ids.push_back(id);
      trace.samples[t][id] = {std::stod(attribute(line, "x")), std::stod(attribute(line, "y"))};
    }
  }
  return trace;
}

TEST_F(Physical, SumoTraceDrivesVehiclesThroughTheTracesPositions) {
  const auto [trace, names] = read_trace(source_path("scenarios/sumo/grid-fcd.xml"));
  auto check = [&](const std::string& name, const std::string& tick) {
    auto r = vsm({"run", source_path("scenarios/sumo-grid.yaml"), "-o", name, "-q", "--set", "duration=60", "--set",
                  "mobility.tick=" + tick, "--set", "output.mobility_every=1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    analysis::ResultReader result(dir + "/" + name);
    auto t = result.doubles("mobility", "t");
    auto vehicle = result.integers("mobility", "vehicle");
    auto x = result.doubles("mobility", "x"), y = result.doubles("mobility", "y");
    ASSERT_GT(t.size(), 500u);
    std::size_t interpolated = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
      const std::string& id = names[static_cast<std::size_t>(vehicle[i])];
      const double before = std::floor(t[i]), after = std::ceil(t[i]);
      ASSERT_TRUE(trace.at(before).count(id)) << id << " is not on the road at " << before;
      const auto [x0, y0] = trace.at(before).at(id);
      if (before == after) {  // a time stamp of the trace: exactly its position
        EXPECT_DOUBLE_EQ(x[i], x0);
        EXPECT_DOUBLE_EQ(y[i], y0);
      } else {  // between two: on the segment joining them
        const auto [x1, y1] = trace.at(after).at(id);
        const double w = t[i] - before;
        EXPECT_NEAR(x[i], x0 + w * (x1 - x0), 1e-9);
        EXPECT_NEAR(y[i], y0 + w * (y1 - y0), 1e-9);
        ++interpolated;
      }
    }
    // Every vehicle the trace has on the road at a sampled time stamp is in /mobility.
    std::map<double, std::size_t> rows_at;
    for (double v : t) ++rows_at[v];
    for (double at : {10.0, 30.0, 60.0}) EXPECT_EQ(rows_at[at], trace.at(at).size()) << "at " << at;
    if (tick == "0.5") {
      EXPECT_GT(interpolated, 200u);
    }
  };
  check("stamps.h5", "1");
  check("halves.h5", "0.5");
}

TEST_F(Physical, EveryRoundIsReportedToTheCloudWithTheDataThatArrived) {
  auto r = vsm({"run", source_path("scenarios/highway.yaml"), "-o", "h.h5", "-q", "--set", "duration=120"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/h.h5");
  auto outcome = result.integers("uploads", "outcome");
  auto megabytes = result.doubles("uploads", "megabytes");
  double arrived = 0;
  for (std::size_t i = 0; i < outcome.size(); ++i)
    if (outcome[i] != 1) arrived += megabytes[i];
  ASSERT_GT(arrived, 0);
  const auto reports = run({"/usr/bin/h5dump", "-a", "cloud_reports", "-a", "cloud_megabytes", "h.h5"}, dir).out;
  EXPECT_THAT(reports, ::testing::HasSubstr("(0): " + std::to_string(result.integers("rounds", "round").size())));
  const auto value = reports.find("(0): ", reports.find("cloud_megabytes"));
  ASSERT_NE(value, std::string::npos) << reports;
  EXPECT_NEAR(std::stod(reports.substr(value + 5)), arrived, 1e-6 * arrived);
}

TEST_F(Physical, CompareReportsTheShareOfUploadsLostToCoverage) {
  ASSERT_EQ(vsm({"run", source_path("scenarios/highway.yaml"), "-o", "h.h5", "-q", "--set", "duration=120"}).exit_code, 0);
  analysis::ResultReader result(dir + "/h.h5");
  auto outcome = result.integers("uploads", "outcome");
  const double lost = static_cast<double>(std::count(outcome.begin(), outcome.end(), 1)) / static_cast<double>(outcome.size());
  ASSERT_GT(lost, 0.0);  // the highway loses some: the test means something
  auto r = vsm({"compare", "h.h5", "--metric", "lost_coverage_rate", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto mean = r.out.find("\"mean\":");
  ASSERT_NE(mean, std::string::npos) << r.out;
  EXPECT_DOUBLE_EQ(std::stod(r.out.substr(mean + 7)), lost);
}

TEST_F(Physical, SameSeedGivesIdenticalUploadsAnotherSeedDoesNot) {
  const std::string highway = source_path("scenarios/highway.yaml");
  for (const char* name : {"a.h5", "b.h5"})
    ASSERT_EQ(vsm({"run", highway, "-o", name, "-q", "--set", "duration=120"}).exit_code, 0);
  ASSERT_EQ(vsm({"run", highway, "-o", "c.h5", "-q", "--set", "duration=120", "--seed", "2"}).exit_code, 0);
  expect_identical_results(dir + "/a.h5", dir + "/b.h5");
  analysis::ResultReader a(dir + "/a.h5"), c(dir + "/c.h5");
  ASSERT_GT(a.doubles("uploads", "latency").size(), 100u);
  EXPECT_NE(a.doubles("uploads", "latency"), c.doubles("uploads", "latency"));
}

}  // namespace
}  // namespace vsm::testing
