// The mutation fuzzer over every shipped scenario (scenario_mutations.hpp), read in-process as
// `vsm validate` reads a file: each mutant is either a valid scenario or refused with an
// InputError of one line that names file:line:column and the key path. Any other exception, or
// a crash, fails. The counts are printed.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/input_error.hpp"
#include "tests/sim/scenario_mutations.hpp"
#include "tests/sim/scenario_test_util.hpp"

namespace vsm::testing {
namespace {

TEST(ScenarioFuzz, LocatedErrorMeansFileLineColumnKeyAndText) {
  EXPECT_TRUE(is_located_error("a.yaml:3:14: vehicles.types[0].theta: must be positive", "a.yaml"));
  EXPECT_FALSE(is_located_error("b.yaml:3:14: vehicles: must be positive", "a.yaml"));
  EXPECT_FALSE(is_located_error("a.yaml:3: vehicles: must be positive", "a.yaml"));
  EXPECT_FALSE(is_located_error("a.yaml:3:x: vehicles: must be positive", "a.yaml"));
  EXPECT_FALSE(is_located_error("a.yaml:3:14: must be positive", "a.yaml"));
  EXPECT_FALSE(is_located_error("a.yaml:3:14: vehicles: ", "a.yaml"));
  EXPECT_FALSE(is_located_error("a.yaml:3:14: vehicles: two\nlines", "a.yaml"));
  EXPECT_FALSE(is_located_error("a.yaml:3:14: bad key: text", "a.yaml"));
}

TEST(ScenarioFuzz, EveryMutantOfEveryShippedScenarioIsReadOrRefusedWithALocatedError) {
  std::size_t total = 0, refused = 0;
  for (const auto& path : shipped_scenarios(VSM_SOURCE_DIR)) {
    std::size_t refused_here = 0;
    std::ifstream in(path);
    const auto mutants = scenario_mutants(std::string(std::istreambuf_iterator<char>(in), {}));
    for (const auto& mutant : mutants) {
      SCOPED_TRACE(path + ": " + mutant.label);
      try {
        // The file's own name, so that relative paths in it (a SUMO trace) resolve as they do there.
        auto doc = core::YamlDocument::load_string(mutant.text, path);
        sim::read_scenario(doc, app::scenario_schema());
      } catch (const core::InputError& e) {
        ++refused_here;
        EXPECT_TRUE(is_located_error(e.what(), path)) << "not located: " << e.what();
      } catch (const std::exception& e) {
        ADD_FAILURE() << "not an input error: " << e.what();
      }
    }
    std::printf("fuzz: %-28s %5zu mutants, %5zu refused, %5zu read as valid\n",
                std::filesystem::path(path).filename().c_str(), mutants.size(), refused_here,
                mutants.size() - refused_here);
    total += mutants.size();
    refused += refused_here;
  }
  std::printf("fuzz: %zu mutants of the shipped scenarios, %zu refused, %zu read as valid\n", total, refused,
              total - refused);
  EXPECT_GT(refused, total / 2) << "most single faults must be refused";
}

}  // namespace
}  // namespace vsm::testing
