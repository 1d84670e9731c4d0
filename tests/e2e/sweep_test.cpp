// `vsm sweep` on this machine: a failing point among good ones, and resuming after SIGKILL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

class Sweep : public VsmTest {
 protected:
  void write_sweep(const std::string& axes) {
    write_file(dir + "/sweep.yaml", "base: " + source_path("scenarios/contract-fixed.yaml") + "\n" + axes);
  }
  std::map<std::string, std::string> statuses() {  // id -> status, from index.csv
    std::map<std::string, std::string> out;
    std::istringstream csv(read_file(dir + "/out/index.csv"));
    std::string line;
    std::getline(csv, line);
    while (std::getline(csv, line)) {
      auto first = line.find(',');  // the row ends with status, ledger, file
      auto status_end = line.rfind(',', line.rfind(',') - 1);
      auto status_start = line.rfind(',', status_end - 1) + 1;
      out[line.substr(0, first)] = line.substr(status_start, status_end - status_start);
    }
    return out;
  }
};

TEST_F(Sweep, AFailingPointIsReportedWhileTheOthersComplete) {
  write_sweep("grid: {vehicles.count: [5, 0, 7]}\n");
  auto r = vsm({"sweep", "sweep.yaml", "-o", "out", "-j", "2", "-q"});
  EXPECT_EQ(r.exit_code, 101);  // 100 + one failed point
  EXPECT_THAT(r.out, HasSubstr("3 points, 0 were already complete, 3 run now, 1 failed"));
  auto s = statuses();
  ASSERT_EQ(s.size(), 3u);
  int complete = 0, failed = 0;
  for (const auto& [id, status] : s) {
    complete += status == "complete";
    failed += status == "failed";
  }
  EXPECT_EQ(complete, 2);
  EXPECT_EQ(failed, 1);
  auto manifest = read_file(dir + "/out/manifest.yaml");
  EXPECT_THAT(manifest, HasSubstr("grid: {vehicles.count: [5, 0, 7]}"));  // the sweep as it was run
  EXPECT_THAT(manifest, HasSubstr("command: "));
  auto status = vsm({"sweep", "status", "out"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_THAT(status.out, HasSubstr("3 points: 2 complete, 0 running (or killed), 0 interrupted, 1 failed, 0 pending"));
  EXPECT_THAT(status.out, HasSubstr("vehicles.count: must be >= 1 (got 0)"));
}

TEST_F(Sweep, DryRunListsPointsAndLargeSweepsNeedYes) {
  write_sweep("seeds: 2\ngrid: {vehicles.count: [5, 6]}\n");
  auto dry = vsm({"sweep", "sweep.yaml", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0);
  EXPECT_THAT(dry.out, HasSubstr("vehicles.count=6 seed=2"));
  EXPECT_THAT(dry.out, ::testing::EndsWith("4 points\n"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/out"));

  auto refused = vsm({"sweep", "sweep.yaml", "-o", "out", "--limit", "3", "-q"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("4 points exceed the limit of 3; pass --yes"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/out"));
  EXPECT_EQ(vsm({"sweep", "sweep.yaml", "-o", "out", "--limit", "3", "--yes", "-q"}).exit_code, 0);
}

// Whether a `vsm run` started in `dir` (a sweep's point) is still alive.
bool points_still_running(const std::string& dir) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code error;
    if (std::filesystem::read_symlink(entry.path() / "cwd", error) != std::filesystem::path(dir) || error) continue;
    std::ifstream in(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(std::string("run") + '\0') != std::string::npos) return true;
  }
  return false;
}

TEST_F(Sweep, ResumeAfterSigkillRunsExactlyTheMissingPoints) {
  // 12 points of about a quarter of a second each, two at a time (sanitized, about ten times
  // that: shorter runs keep the test's share of CI's budget without changing what it checks).
#if defined(__SANITIZE_ADDRESS__)
  write_sweep("seeds: 4\ngrid: {vehicles.count: [300, 301, 302]}\nzip: {duration: [150]}\n");
#else
  write_sweep("seeds: 4\ngrid: {vehicles.count: [300, 301, 302]}\nzip: {duration: [600]}\n");
#endif
  Child sweep({vsm_binary(), "sweep", "sweep.yaml", "-o", "out", "-j", "2", "-q"}, dir);
  // Kill it once a few points are complete (polling, so a slow build still gets there).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    auto status = vsm({"sweep", "status", "out", "--json"});
    if (status.exit_code == 0 && nlohmann::json::parse(status.out)["complete"].get<int>() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sweep.signal(SIGKILL);
  ASSERT_EQ(sweep.wait().term_signal, SIGKILL);
  // The children die with the sweep (PR_SET_PDEATHSIG), but on a busy machine not at once:
  // resuming while one still holds its file would make that point fail.
  for (int waited = 0; points_still_running(dir) && waited < 200; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(points_still_running(dir)) << "a killed sweep left its points running";

  auto before = vsm({"sweep", "status", "out", "--json"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  auto j = nlohmann::json::parse(before.out);
  std::size_t complete = j["complete"];
  ASSERT_GT(complete, 0u) << "nothing finished before the kill: the test proves nothing";
  ASSERT_LT(complete, 12u) << "everything finished before the kill: the test proves nothing";

  // Complete results must not be touched again.
  std::map<std::string, long> modified;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/out/points")) {
    if (entry.path().extension() != ".h5") continue;
    // A point killed while creating its file leaves one HDF5 cannot open yet: not complete.
    try {
      if (analysis::ResultReader(entry.path()).info().status != "complete") continue;
    } catch (const std::exception&) {
      continue;
    }
    struct stat st {};
    stat(entry.path().c_str(), &st);
    modified[entry.path().string()] = st.st_mtim.tv_sec * 1000000000L + st.st_mtim.tv_nsec;
  }
  EXPECT_EQ(modified.size(), complete);

  auto again = vsm({"sweep", "sweep.yaml", "-o", "out", "-j", "2", "-q"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("12 points, " + std::to_string(complete) + " were already complete, " +
                                   std::to_string(12 - complete) + " run now, 0 failed"));
  for (const auto& [path, mtime] : modified) {
    struct stat st {};
    stat(path.c_str(), &st);
    EXPECT_EQ(st.st_mtim.tv_sec * 1000000000L + st.st_mtim.tv_nsec, mtime) << path << " was rewritten";
  }
  for (const auto& [id, status] : statuses()) EXPECT_EQ(status, "complete") << id;
}

}  // namespace
}  // namespace vsm::testing
