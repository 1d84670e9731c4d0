// The scenario mutation fuzzer through the command line: a seeded sample of mutants of every
// shipped scenario (tests/sim/scenario_mutations.hpp; the unit test reads them all in-process).
// `vsm validate` says valid (0) or refuses (2); every refused mutant given to `vsm run` must exit
// 2 with one located line on stderr and leave no file behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "tests/e2e/process.hpp"
#include "tests/sim/scenario_mutations.hpp"

namespace vsm::testing {
namespace {

namespace fs = std::filesystem;

class ScenarioFuzzCli : public VsmTest {};

TEST_F(ScenarioFuzzCli, RefusedMutantsExitTwoWithALocatedLineAndLeaveNoFile) {
  constexpr std::size_t kPerScenario = 6;
  // A SUMO scenario names its trace relative to itself.
  fs::create_directories(dir + "/sumo");
  fs::copy_file(source_path("scenarios/sumo/grid-fcd.xml"), dir + "/sumo/grid-fcd.xml");
  std::mt19937_64 pick(2026);
  std::size_t tried = 0, refused = 0;
  for (const auto& path : shipped_scenarios(VSM_SOURCE_DIR)) {
    auto mutants = scenario_mutants(read_file(path));
    std::shuffle(mutants.begin(), mutants.end(), pick);
    mutants.resize(std::min(mutants.size(), kPerScenario));
    for (const auto& mutant : mutants) {
      SCOPED_TRACE(fs::path(path).filename().string() + ": " + mutant.label);
      write_file(dir + "/mutant.yaml", mutant.text);
      ++tried;
      auto checked = vsm({"validate", "mutant.yaml"});
      if (checked.exit_code == 0) continue;  // still a valid scenario
      ++refused;
      EXPECT_EQ(checked.exit_code, 2) << checked.err;
      auto r = vsm({"run", "mutant.yaml", "-o", "out/result.h5"});
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_EQ(r.term_signal, 0);
      ASSERT_TRUE(r.err.ends_with('\n')) << r.err;
      EXPECT_TRUE(is_located_error(std::string_view(r.err).substr(0, r.err.size() - 1), "vsm: error: mutant.yaml"))
          << r.err;
      EXPECT_EQ(r.err, checked.err) << "run and validate refuse alike";
      EXPECT_FALSE(fs::exists(dir + "/out")) << "a refused scenario left a file";
      EXPECT_FALSE(fs::exists(dir + "/results")) << "a refused scenario left a file";
    }
  }
  std::printf("fuzz cli: %zu mutants tried, %zu refused with exit 2 by run and validate, %zu valid\n", tried,
              refused, tried - refused);
  EXPECT_GT(refused, tried / 2);
}

}  // namespace
}  // namespace vsm::testing
