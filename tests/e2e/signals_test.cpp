// Killed and interrupted runs: the file stays readable by HDF5's own tools and h5py, and every
// flushed round is whole (its trades and uploads are all there).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <numeric>
#include <thread>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

// A sanitized `vsm` (thread contexts, checked memory) runs its rounds several times slower.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kSlowdown = 4;
#else
constexpr double kSlowdown = 1;
#endif

class Signals : public VsmTest {
 protected:
  // A run far too long to finish, stopped by `sig` after `seconds` of wall time.
  ProcessResult run_and_signal(int sig, double seconds) {
    Child child({vsm_binary(), "run", paper, "-o", "run.h5",
                 "--set", "duration=1e8", "--set", "vehicles.count=200"},
                dir);
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds * kSlowdown));
    child.signal(sig);
    return child.wait();
  }

  // Every committed round is whole: all its trades and uploads are committed too. A kill
  // between the commits of /trades and /rounds leaves at most one round's trades (200
  // vehicles) committed ahead of their round row; `exact` says there is no such gap.
  void expect_whole_rounds(const analysis::ResultReader& result, bool exact) {
    auto info = result.info();
    for (const auto& t : info.tables) EXPECT_FALSE(t.ragged) << t.name;
    auto accepted = result.integers("rounds", "accepted");
    EXPECT_GT(accepted.size(), 2u) << "the run did not get far enough for the test to mean anything";
    long in_rounds = std::accumulate(accepted.begin(), accepted.end(), 0L);
    auto trades = result.integers("trades", "round");
    long ahead = static_cast<long>(trades.size()) - in_rounds;
    EXPECT_GE(ahead, 0);
    EXPECT_LE(ahead, exact ? 0 : 200);
    EXPECT_GE(static_cast<long>(result.integers("uploads", "vehicle").size()), in_rounds);
    if (!trades.empty() && ahead == 0) {
      EXPECT_EQ(trades.back(), static_cast<std::int64_t>(accepted.size()) - 1);  // the last round's trades
    }
    EXPECT_EQ(result.integers("vehicles", "id").size(), 200u);
  }
};

TEST_F(Signals, SigkillLeavesAFileThatH5dumpAndH5pyRead) {
  auto r = run_and_signal(SIGKILL, 2.0);
  ASSERT_EQ(r.term_signal, SIGKILL);

  EXPECT_EQ(run({"/usr/bin/h5dump", "-H", "run.h5"}, dir).exit_code, 0);
  analysis::ResultReader result(dir + "/run.h5");
  EXPECT_EQ(result.info().status, "running");  // no clean finish
  expect_whole_rounds(result, /*exact=*/false);

  // h5py sees the same committed rows, and every column holds at least that many.
  auto py = run({"/usr/bin/python3", "-c",
                 "import h5py; f = h5py.File('run.h5', 'r'); t = f['trades']; "
                 "print(f.attrs['status'], t.attrs['rows'], all(len(c) >= t.attrs['rows'] for c in t.values()))"},
                dir);
  ASSERT_EQ(py.exit_code, 0) << py.err;
  EXPECT_EQ(py.out, "running " + std::to_string(result.integers("trades", "t").size()) + " True\n");
}

TEST_F(Signals, SigintFinishesTheRoundAndMarksTheFileInterrupted) {
  auto r = run_and_signal(SIGINT, 1.5);
  EXPECT_EQ(r.exit_code, 130);
  EXPECT_THAT(r.err, HasSubstr("vsm: interrupted after"));
  EXPECT_THAT(r.out, HasSubstr("interrupted"));
  analysis::ResultReader result(dir + "/run.h5");
  EXPECT_EQ(result.info().status, "interrupted");
  EXPECT_NE(result.info().finished_at, "");
  expect_whole_rounds(result, /*exact=*/true);
}

TEST_F(Signals, SigtermDoesTheSame) {
  auto r = run_and_signal(SIGTERM, 1.5);
  EXPECT_EQ(r.exit_code, 143);
  analysis::ResultReader result(dir + "/run.h5");
  EXPECT_EQ(result.info().status, "interrupted");
  expect_whole_rounds(result, /*exact=*/true);
}

// A Ctrl-C while the market is being built (the city's takes seconds: its peak load is worked
// out over the whole hour) used to reach SimGrid's own handler, which exits with status 1 and
// left the file `running` or unnamed. It is held back until vsm's handler is in place.
TEST_F(Signals, SigintWhileTheMarketIsBuiltStillStopsCleanly) {
  std::vector<std::string> command{vsm_binary(), "run", source_path("scenarios/city-10k.yaml"), "-o", "city.h5", "-q"};
  // Sanitized, building 2,000 vehicles still outlasts the half second below, at a fifth of the wait.
  if (kSlowdown > 1) command.insert(command.end(), {"--set", "vehicles.count=2000"});
  Child child(command, dir);
  // The file is created just before the market is built.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(dir + "/city.h5.creating") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(std::filesystem::exists(dir + "/city.h5.creating"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // SimGrid's engine is up by now
  child.signal(SIGINT);
  auto r = child.wait();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  analysis::ResultReader result(dir + "/city.h5");
  EXPECT_EQ(result.info().status, "interrupted");
}

}  // namespace
}  // namespace vsm::testing
