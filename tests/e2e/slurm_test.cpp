// `vsm sweep --backend slurm` on a real Slurm cluster: scripts/setup.sh test starts one on
// localhost (scripts/slurm-local.sh) and exports SLURM_CONF. Without a cluster the test is
// skipped, unless VSM_REQUIRE_SLURM=1 (CI), where a missing cluster is a failure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

class Slurm : public VsmTest {
 protected:
  void SetUp() override {
    if (std::getenv("SLURM_CONF") && std::filesystem::exists("/usr/bin/sbatch")) return;
    if (std::getenv("VSM_REQUIRE_SLURM")) FAIL() << "VSM_REQUIRE_SLURM is set but no Slurm cluster is configured";
    GTEST_SKIP() << "no Slurm cluster (start one: bash scripts/slurm-local.sh up; export SLURM_CONF=...)";
  }
};

TEST_F(Slurm, SweepThroughSlurmMatchesTheSameSweepRunLocally) {
  // 3 counts x 2 seeds, 4 points per array task -> 2 tasks; count 0 fails on both seeds.
  write_file(dir + "/sweep.yaml", "base: " + source_path("scenarios/contract-fixed.yaml") +
                                      "\nseeds: 2\ngrid: {vehicles.count: [5, 0, 8], duration: [100]}\n"
                                      "slurm: {points_per_task: 4, time: '00:05:00', mem: 200M}\n");
  auto slurm = vsm({"sweep", "sweep.yaml", "-o", "on-slurm", "--backend", "slurm", "--wait"});
  EXPECT_EQ(slurm.exit_code, 102) << slurm.out << slurm.err;  // two failed points
  EXPECT_THAT(slurm.out, HasSubstr("6 of 6 points submitted as job array"));
  EXPECT_THAT(slurm.out, HasSubstr("(2 tasks)"));
  // The index job ran after the array although points failed (the tasks themselves succeed).
  EXPECT_THAT(read_file(dir + "/on-slurm/slurm/index.out"), HasSubstr("index.csv written, 2 failed point(s)"));

  auto local = vsm({"sweep", "sweep.yaml", "-o", "local", "-q"});
  EXPECT_EQ(local.exit_code, 102);

  auto status = vsm({"sweep", "status", "on-slurm"});
  EXPECT_THAT(status.out, HasSubstr("6 points: 4 complete, 0 running (or killed), 0 interrupted, 2 failed"));
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/local/points")) {
    if (entry.path().extension() != ".h5") continue;
    std::string twin = dir + "/on-slurm/points/" + entry.path().filename().string();
    ASSERT_TRUE(std::filesystem::exists(twin)) << twin;
    expect_identical_results(entry.path(), twin);
    ++compared;
  }
  EXPECT_EQ(compared, 4);

  // Running it again submits nothing new for the complete points.
  auto again = vsm({"sweep", "sweep.yaml", "-o", "on-slurm", "--backend", "slurm", "--wait"});
  EXPECT_THAT(again.out, HasSubstr("2 of 6 points submitted"));
}

}  // namespace
}  // namespace vsm::testing
