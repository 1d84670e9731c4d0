// The Market helper: a run stopped at every round boundary and continued records the same
// results, bit for bit, as the run made in one go; it stands at each boundary it was run until
// (and stays there when asked to run until a round that is not ahead); and it ends where the
// whole run ends. Each run happens in
// a child process, as SimGrid's engine is one per process.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "agents/market.hpp"
#include "app/runner.hpp"
#include "app/scenario_loading.hpp"
#include "core/result_file.hpp"
#include "tests/analysis/identical_results.hpp"

namespace vsm::testing {
namespace {

namespace fs = std::filesystem;

struct MarketRun {
  bool ok = false;
  std::string log;  // one line per stop: "<asked> <now>", then "end <now>", times in %a
};

// Runs `scenario_file` into `result`, in a child process; `drive` steps the market (or not)
// before it is finished, writing what it saw to the log.
MarketRun run_market(const std::string& scenario_file, const std::string& result,
                     const std::function<void(agents::Market&, const sim::Scenario&, std::FILE*)>& drive) {
  const std::string log_path = result + ".log";
  const pid_t pid = fork();
  if (pid == 0) {
    int code = 1;
    try {
      const sim::Scenario scenario = app::load_scenario(scenario_file, {}, std::nullopt);
      core::ResultFile file(result);
      app::write_provenance(file, scenario.seed, "market_test");
      std::FILE* log = std::fopen(log_path.c_str(), "w");
      {
        agents::Market market(scenario, file);
        drive(market, scenario, log);
        const std::string error = market.finish();
        std::fprintf(log, "end %a\n", market.now());
        code = error.empty() ? 0 : 3;
      }
      std::fclose(log);
      file.finish("complete");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "market run: %s\n", e.what());
    }
    std::fflush(nullptr);
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  MarketRun run;
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::ifstream in(log_path);
  run.log.assign(std::istreambuf_iterator<char>(in), {});
  return run;
}

class MarketTest : public ::testing::TestWithParam<const char*> {
 protected:
  void TearDown() override { fs::remove_all(dir); }
  std::string dir = [] {
    std::string pattern = (fs::temp_directory_path() / "vsm-market-XXXXXX").string();
    return std::string(mkdtemp(pattern.data()));
  }();
  std::string scenario = std::string(VSM_SOURCE_DIR) + "/scenarios/" + GetParam();
};

TEST_P(MarketTest, StoppedAndContinuedRecordsWhatOneRunRecords) {
  const auto whole = run_market(scenario, dir + "/whole.h5", [](auto&, auto&, auto*) {});
  ASSERT_TRUE(whole.ok);

  // Stop at every round boundary, as a Gym env's step would.
  const auto by_round = run_market(scenario, dir + "/by_round.h5", [](agents::Market& m, const sim::Scenario& s, std::FILE* log) {
    const auto rounds = s.rounds();
    for (std::int64_t r = 1; m.run_until_round(r); ++r) {
      std::fprintf(log, "%a %a\n", rounds.due(r), m.now());
      if (r == 3) {  // running until a round that is not ahead does nothing
        m.run_until_round(3);
        m.run_until_round(1);
        std::fprintf(log, "%a %a\n", rounds.due(r), m.now());
      }
    }
  });
  ASSERT_TRUE(by_round.ok);
  expect_identical_results(dir + "/whole.h5", dir + "/by_round.h5");

  // It stands at each time it was run until, and ends where the whole run ends.
  std::istringstream lines(by_round.log);
  std::string asked, now;
  std::size_t stops = 0;
  while (lines >> asked >> now && asked != "end") {
    EXPECT_EQ(asked, now);
    ++stops;
  }
  const auto rounds = app::load_scenario(scenario, {}, std::nullopt).rounds();
  EXPECT_GE(stops, static_cast<std::size_t>(rounds.duration / rounds.period) - 1);
  EXPECT_EQ(asked + " " + now + "\n", whole.log) << "the stepped run ends where the whole run ends";
  EXPECT_GE(std::strtod(now.c_str(), nullptr), rounds.duration) << "the run covers its whole duration";
}

// The ledger and reputations (their block producer and replicas are actors too), and vehicles
// that leave coverage mid-upload.
INSTANTIATE_TEST_SUITE_P(Scenarios, MarketTest, ::testing::Values("malicious.yaml", "highway.yaml"));

}  // namespace
}  // namespace vsm::testing
