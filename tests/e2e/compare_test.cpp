// `vsm compare` on real runs: grouping by a swept key, paired differences, files left out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <thread>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

class Compare : public VsmTest {
 protected:
  // A sweep of 2 policies x 2 counts x 3 seeds = 12 runs into DIR/sweep.
  void run_sweep() {
    write_file(dir + "/sweep.yaml", "base: " + source_path("scenarios/paper-iov-contract.yaml") +
                                        "\nseeds: 3\ngrid: {edge_servers.0.policy.name: [contract.optimal, "
                                        "stackelberg], vehicles.count: [6, 9], duration: [100]}\n");
    ASSERT_EQ(vsm({"sweep", "sweep.yaml", "-o", "sweep", "-q"}).exit_code, 0);
  }
  // server utility per round of each run, straight from the files: (policy, count, seed) -> value
  std::map<std::tuple<std::string, std::string, std::int64_t>, double> utilities() {
    std::map<std::tuple<std::string, std::string, std::int64_t>, double> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir + "/sweep/points")) {
      if (entry.path().extension() != ".h5") continue;
      analysis::ResultReader r(entry.path());
      auto info = r.info();
      auto u = r.doubles("rounds", "server_utility");
      std::string policy = info.scenario_yaml.find("stackelberg") != std::string::npos ? "stackelberg"
                                                                                        : "contract.optimal";
      std::string count = std::to_string(r.integers("vehicles", "id").size());
      out[{policy, count, info.seed}] = std::accumulate(u.begin(), u.end(), 0.0) / static_cast<double>(u.size());
    }
    return out;
  }
};

TEST_F(Compare, GroupsBySweptKeyAndAggregatesAcrossSeeds) {
  run_sweep();
  auto r = vsm({"compare", "sweep", "--by", "policy,vehicles.count", "--metric", "server_utility_per_round", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["runs"], 12);
  ASSERT_EQ(j["rows"].size(), 4u);
  auto by_file = utilities();
  for (const auto& row : j["rows"]) {
    std::string group = row["group"];
    std::string policy = group.substr(7, group.find(' ') - 7);
    std::string count = group.substr(group.rfind('=') + 1);
    std::vector<double> values;
    for (std::int64_t seed = 1; seed <= 3; ++seed) values.push_back(by_file.at({policy, count, seed}));
    double mean = (values[0] + values[1] + values[2]) / 3;
    double sd = std::sqrt(((values[0] - mean) * (values[0] - mean) + (values[1] - mean) * (values[1] - mean) +
                           (values[2] - mean) * (values[2] - mean)) / 2);
    EXPECT_EQ(row["n"], 3);
    EXPECT_NEAR(row["mean"].get<double>(), mean, 1e-9 * std::fabs(mean)) << group;
    EXPECT_NEAR(row["sd"].get<double>(), sd, 1e-9 * std::fabs(mean)) << group;
    double half = 4.30265273 * sd / std::sqrt(3.0);  // t(0.975, 2)
    EXPECT_NEAR(row["ci95"][1].get<double>() - mean, half, 1e-6 * std::fabs(mean)) << group;
  }
}

TEST_F(Compare, PairedDifferenceOnCommonSeeds) {
  run_sweep();
  auto r = vsm({"compare", "sweep", "--by", "policy,vehicles.count", "--metric", "server_utility_per_round", "--pair",
                "contract.optimal,stackelberg", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto pairs = nlohmann::json::parse(r.out)["paired"]["rows"];
  ASSERT_EQ(pairs.size(), 2u);  // one per vehicle count
  auto by_file = utilities();
  for (const auto& row : pairs) {
    std::string count = row["context"].get<std::string>().substr(std::string("vehicles.count=").size());
    double diff = 0;
    for (std::int64_t seed = 1; seed <= 3; ++seed)
      diff += by_file.at({"contract.optimal", count, seed}) - by_file.at({"stackelberg", count, seed});
    EXPECT_EQ(row["n"], 3);
    EXPECT_NEAR(row["mean_difference"].get<double>(), diff / 3, 1e-9 * std::fabs(diff));
  }
}

TEST_F(Compare, CorruptAndIncompleteFilesAreReportedAndTheOthersCompared) {
  std::filesystem::create_directory(dir + "/mixed");
  ASSERT_EQ(vsm({"run", paper, "-o", "mixed/good1.h5", "-q", "--set", "duration=100"}).exit_code, 0);
  ASSERT_EQ(vsm({"run", paper, "-o", "mixed/good2.h5", "-q", "--set", "duration=100", "--seed", "2"}).exit_code, 0);
  write_file(dir + "/mixed/corrupt.h5", "this is not HDF5");
  Child slow({vsm_binary(), "run", paper, "-o", "mixed/interrupted.h5", "-q", "--set", "duration=1e7"}, dir);
  // Its file exists once it catches SIGINT (run_command catches it first): a sanitized build
  // on a busy machine took more than a fixed 500 ms to get there, and died of the signal.
  for (int waited = 0; !std::filesystem::exists(dir + "/mixed/interrupted.h5") && waited < 1200; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  slow.signal(SIGINT);
  ASSERT_EQ(slow.wait().exit_code, 130);

  auto r = vsm({"compare", "mixed", "--metric", "on_time_rate", "--csv", "t.csv", "--markdown", "t.md"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("left out mixed/corrupt.h5: not an HDF5 file (or unreadable)\n"));
  EXPECT_THAT(r.err, HasSubstr("interrupted.h5: status interrupted (left out; --include-incomplete keeps it)"));
  EXPECT_THAT(r.out, HasSubstr("2 runs compared"));
  // Every trade on time in both runs: a proportion of 1 whose Wilson interval reaches below 1.
  std::string csv = read_file(dir + "/t.csv");
  EXPECT_THAT(csv, ::testing::StartsWith("group,metric,n,mean,sd,ci95_low,ci95_high,interval\n"
                                         "policy=contract.optimal,on_time_rate,2,1,0,0.9"));
  EXPECT_THAT(csv, ::testing::EndsWith(",1,wilson\n"));
  EXPECT_THAT(read_file(dir + "/t.md"), HasSubstr("| policy=contract.optimal | on_time_rate | 2 | 1 | 0 | 0.9"));

  auto all = vsm({"compare", "mixed", "--include-incomplete", "--json"});
  EXPECT_EQ(nlohmann::json::parse(all.out)["runs"], 3);
}

TEST_F(Compare, FiguresAndAReportThatRendersInABrowser) {
  run_sweep();
  auto r = vsm({"compare", "sweep", "--by", "policy,vehicles.count", "--plots", "figs", "--report", "report"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* figure : {"bars-server_utility_per_round", "utility-over-time", "latency-cdf", "sweep-vehicles.count"}) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/figs/" + std::string(figure) + ".png")) << figure;
    EXPECT_TRUE(std::filesystem::exists(dir + "/figs/" + std::string(figure) + ".svg")) << figure;
  }
  EXPECT_THAT(read_file(dir + "/report/report.html"), HasSubstr("data:image/png;base64,"));
  EXPECT_THAT(read_file(dir + "/report/report.md"), HasSubstr("## Runs (provenance)"));

  // Headless Chromium (Debian's) renders the page; the screenshot must not be blank.
  auto shot = run({"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                   "--no-first-run", "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--user-data-dir=" + dir + "/chromium", "--window-size=1000,1400",
                   "--screenshot=" + dir + "/shot.png", "file://" + dir + "/report/report.html"},
                  dir);
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  auto check = run({"/usr/bin/python3", "-c",
                    "import matplotlib.image as m, numpy as n; i = m.imread('shot.png'); "
                    "print(i.shape[0] >= 1000, float(n.std(i)) > 0.05, float(n.mean(i[..., :3] < 0.5)) > 0.001)"},
                   dir);
  EXPECT_EQ(check.out, "True True True\n") << check.err;  // tall, varied, with dark text on it
}

TEST_F(Compare, NothingToCompareOrUnknownMetricIsBadInput) {
  write_file(dir + "/x.h5", "not hdf5");
  EXPECT_EQ(vsm({"compare", "x.h5"}).exit_code, 2);
  auto r = vsm({"compare", "x.h5", "--metric", "on_tme_rate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--metric on_tme_rate: unknown metric (did you mean \"on_time_rate\"?)"));
}

}  // namespace
}  // namespace vsm::testing
