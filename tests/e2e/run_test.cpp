// `vsm run` on the paper scenario, checked against the model worked out by hand, plus
// determinism and readability of the result file by tools that know nothing of vsm.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

class RunCommand : public VsmTest {};

TEST_F(RunCommand, FixedMenuFollowsTheContractModel) {
  auto r = vsm({"run", source_path("scenarios/contract-fixed.yaml"), "-o", "fixed.h5", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // --quiet
  EXPECT_THAT(r.out, HasSubstr("result: fixed.h5"));

  analysis::ResultReader result(dir + "/fixed.h5");
  auto info = result.info();
  EXPECT_EQ(info.status, "complete");
  EXPECT_EQ(info.seed, 1);
  EXPECT_EQ(info.scenario_name, "contract-fixed");
  EXPECT_THAT(info.scenario_yaml, HasSubstr("latency_max: 150"));

  // 600 s of 10 s rounds; the default coverage holds the whole area, so all 20 vehicles are offered.
  auto offered = result.integers("rounds", "offered");
  ASSERT_EQ(offered.size(), 60u);
  for (auto o : offered) EXPECT_EQ(o, 20);

  // Both types rank item 0 first (0.1 theta > 0.05 theta) and both items are individually rational:
  // no declines, no IR violations, and every type-2 ("high") vehicle is an IC violation.
  auto types = result.integers("vehicles", "type");
  long high = std::count(types.begin(), types.end(), 1);
  for (auto v : result.integers("rounds", "ic_violations")) EXPECT_EQ(v, high);
  for (auto v : result.integers("rounds", "ir_violations")) EXPECT_EQ(v, 0);
  for (auto v : result.integers("rounds", "declined")) EXPECT_EQ(v, 0);
  for (auto v : result.integers("trades", "item")) EXPECT_EQ(v, 0);
  // Expected utility per round: 20 * (0.6 * 819.4 + 0.4 * 2244.4) = 20 * 1389.4.
  for (auto v : result.doubles("rounds", "server_utility_expected")) EXPECT_NEAR(v, 27788.0, 1e-6);

  // Every trade's utilities follow the model, with the latency SimGrid measured.
  auto theta = result.doubles("trades", "theta");
  auto latency = result.doubles("trades", "latency_measured");
  auto user = result.doubles("trades", "user_utility");
  auto server = result.doubles("trades", "server_utility");
  ASSERT_EQ(theta.size(), 1200u);
  for (std::size_t i = 0; i < theta.size(); ++i) {
    EXPECT_GE(latency[i], 8.0 / 6.0);  // 1 MB at 6 Mbit/s cannot take less
    EXPECT_LT(latency[i], 2.0);        // a private link, no contention
    EXPECT_NEAR(user[i], theta[i] * 0.1, 1e-9);
    EXPECT_NEAR(server[i], 15 * theta[i] - 10 * latency[i] / 150 - 1.6, 1e-9);
  }
  // Tables agree with each other.
  auto accepted = result.integers("rounds", "accepted");
  EXPECT_EQ(std::accumulate(accepted.begin(), accepted.end(), 0L), 1200);
  EXPECT_EQ(result.doubles("uploads", "latency"), latency);
}

TEST_F(RunCommand, SameSeedGivesIdenticalDatasetsAndAnotherSeedDoesNot) {
  ASSERT_EQ(vsm({"run", paper, "-o", "a.h5", "-q", "--set", "vehicles.count=50"}).exit_code, 0);
  ASSERT_EQ(vsm({"run", paper, "-o", "b.h5", "-q", "--set", "vehicles.count=50"}).exit_code, 0);
  ASSERT_EQ(vsm({"run", paper, "-o", "c.h5", "-q", "--set", "vehicles.count=50", "--seed", "2"}).exit_code, 0);
  expect_identical_results(dir + "/a.h5", dir + "/b.h5");
  analysis::ResultReader a(dir + "/a.h5"), c(dir + "/c.h5");
  int columns = 0;
  for (const auto& table : a.tables()) columns += static_cast<int>(a.columns(table).size());
  EXPECT_GE(columns, 40);
  EXPECT_NE(a.doubles("vehicles", "x"), c.doubles("vehicles", "x"));
  EXPECT_NE(a.info().scenario_yaml, c.info().scenario_yaml);  // the seed is recorded
}

// A finished file is rewritten compressed (core/compression.hpp): the same tables, columns and
// values, several times smaller, its columns carrying HDF5's shuffle and deflate filters.
TEST_F(RunCommand, TheFinishedFileIsCompressedUnlessAskedNotTo) {
  ASSERT_EQ(vsm({"run", paper, "-o", "z.h5", "-q", "--set", "duration=500"}).exit_code, 0);
  ASSERT_EQ(vsm({"run", paper, "-o", "raw.h5", "-q", "--set", "duration=500", "--set", "output.compress=false"}).exit_code,
            0);
  EXPECT_FALSE(std::filesystem::exists(dir + "/z.h5.compressing"));
  EXPECT_LT(std::filesystem::file_size(dir + "/z.h5") * 3, std::filesystem::file_size(dir + "/raw.h5"));
  expect_identical_tables(dir + "/z.h5", dir + "/raw.h5");
  analysis::ResultReader z(dir + "/z.h5"), raw(dir + "/raw.h5");
  EXPECT_EQ(z.info().status, "complete");
  auto filters = [](const std::string& path) {
    auto file = core::h5::open_file_read(path);
    auto column = core::h5::open_dataset(core::h5::open_group(file, "trades"), "latency_measured");
    core::h5::Handle plist(H5Dget_create_plist(column.id()), H5Pclose, "column properties");
    return H5Pget_nfilters(plist.id());
  };
  EXPECT_EQ(filters(dir + "/z.h5"), 2);
  EXPECT_EQ(filters(dir + "/raw.h5"), 0);
  EXPECT_THAT(z.info().scenario_yaml, HasSubstr("compress: true"));
  EXPECT_THAT(raw.info().scenario_yaml, HasSubstr("compress: false"));
}

TEST_F(RunCommand, AFileThatCannotBeCompressedIsKeptAsWrittenWithAWarning) {
  std::filesystem::create_directories(dir + "/w.h5.compressing/in the way");
  auto r = vsm({"run", paper, "-o", "w.h5", "-q", "--set", "duration=100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("vsm: warning: w.h5: not compressed ("));
  analysis::ResultReader kept(dir + "/w.h5");
  EXPECT_EQ(kept.info().status, "complete");
  EXPECT_EQ(kept.rows("trades"), 200u);
}

TEST_F(RunCommand, DefaultOutputPathAndJsonSummary) {
  auto r = vsm({"run", paper, "--json", "--set", "duration=100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["status"], "complete");
  EXPECT_EQ(summary["output"], "results/paper-iov-contract-seed1.h5");
  EXPECT_EQ(summary["rounds"], 10);
  EXPECT_EQ(summary["trades"], 200);
  EXPECT_DOUBLE_EQ(summary["on_time_rate"].get<double>(), 1.0);

  auto info = vsm({"info", "results/paper-iov-contract-seed1.h5", "--json"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  auto j = nlohmann::json::parse(info.out);
  EXPECT_EQ(j["status"], "complete");
  EXPECT_EQ(j["tables"]["trades"]["rows"], 200);
  EXPECT_EQ(j["tables"]["rounds"]["rows"], 10);
  EXPECT_EQ(j["tables"]["vehicles"]["rows"], 20);
}

TEST_F(RunCommand, InfoPrintsTablesWithRowCountsAndTheRecordedScenario) {
  ASSERT_EQ(vsm({"run", paper, "-o", "p.h5", "-q", "--set", "duration=50"}).exit_code, 0);
  auto r = vsm({"info", "p.h5"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("status     complete"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("/trades +100 rows"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("/rounds +5 rows"));
  auto scenario = vsm({"info", "p.h5", "--scenario"});
  EXPECT_THAT(scenario.out, HasSubstr("duration: 50"));
  // The recorded scenario is runnable as it is.
  write_file(dir + "/again.yaml", scenario.out);
  EXPECT_EQ(vsm({"validate", "again.yaml"}).exit_code, 0);
}

TEST_F(RunCommand, ProgressGoesToStderrUnlessQuiet) {
  auto r = vsm({"run", paper, "-o", "p.h5", "--set", "duration=50"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("vsm: complete after 50 simulated s"));  // the whole duration
}

// The README's h5py/pandas example, run as written, on a result made by the README's run command.
// The README's python example that contains `marker`.
std::string readme_python_example(const std::string& marker) {
  std::string readme = read_file(source_path("README.md"));
  for (auto start = readme.find("```python\n"); start != std::string::npos; start = readme.find("```python\n", start)) {
    start += 10;
    std::string example = readme.substr(start, readme.find("```", start) - start);
    if (example.find(marker) != std::string::npos) return example;
  }
  ADD_FAILURE() << "README.md has no python example with " << marker;
  return "";
}

TEST_F(RunCommand, ReadmePandasExampleReadsTrades) {
  write_file(dir + "/example.py", readme_python_example("trades = ") + "print(len(trades), list(trades.columns)[:3])\n");
  ASSERT_EQ(vsm({"run", paper, "-q"}).exit_code, 0);
  auto r = run({"/usr/bin/python3", "example.py"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1200 ['t', 'round', 'server']"));
}

// The README's physical-layer example, on the result of its own command (shortened).
TEST_F(RunCommand, ReadmeMobilityExampleReadsUploadsAndMobility) {
  write_file(dir + "/example.py", readme_python_example("mobility = ") + "print(len(mobility), sorted(mobility.columns))\n");
  ASSERT_EQ(vsm({"run", source_path("scenarios/highway.yaml"), "--set", "output.mobility_every=1", "-o", "h.h5",
                 "--set", "duration=20", "-q"})
                .exit_code,
            0);
  auto r = run({"/usr/bin/python3", "example.py"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 150 vehicles on the road at each of the ticks 0..20.
  EXPECT_THAT(r.out, HasSubstr("3150 ['rate_mbps', 'server', 't', 'vehicle', 'x', 'y']"));
}

}  // namespace
}  // namespace vsm::testing
