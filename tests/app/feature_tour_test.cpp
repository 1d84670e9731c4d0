// docs/tour.md "Add a scenario section", as a real example: a feature's section is one struct
// (read, checked, written back resolved) and one registration line in the schema.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/features.hpp"
#include "core/input_error.hpp"
#include "tests/sim/scenario_test_util.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

// The feature's one file: its section, with defaults, bounds and the resolved form.
struct WeatherSpec : sim::Section {
  double rain = 0;  // share of rounds with rain, 0..1

  static WeatherSpec read(core::MapReader& section, const sim::Scenario&) {
    WeatherSpec spec;
    spec.rain = section.number("rain", spec.rain, core::Bounds::between(0, 1));
    return spec;
  }
  void write(YAML::Emitter& out) const override {
    out << YAML::Key << "rain" << YAML::Value << core::exact_number(rain);
  }
};

// The one registration line, here added to a copy of the real schema.
sim::ScenarioSchema schema_with_weather() {
  sim::ScenarioSchema schema = app::scenario_schema();
  schema.sections.push_back(sim::section_type<WeatherSpec>("weather"));
  return schema;
}

sim::Scenario read(const std::string& text, const sim::ScenarioSchema& schema) {
  auto doc = core::YamlDocument::load_string(text, "test.yaml");
  return sim::read_scenario(doc, schema);
}

TEST(FeatureTour, ARegisteredSectionIsReadWrittenBackAndReadAgain) {
  const auto schema = schema_with_weather();
  const auto scenario = read(std::string(kMinimalScenario) + "weather: {rain: 0.25}\n", schema);
  EXPECT_EQ(scenario.section<WeatherSpec>().rain, 0.25);
  const std::string resolved = sim::to_yaml(scenario);
  EXPECT_THAT(resolved, HasSubstr("weather:\n  rain: 0.25\n"));
  EXPECT_EQ(sim::to_yaml(read(resolved, schema)), resolved) << "the resolved scenario reads back as itself";
}

TEST(FeatureTour, AnAbsentSectionHoldsItsDefaults) {
  const auto scenario = read(kMinimalScenario, schema_with_weather());
  EXPECT_EQ(scenario.section<WeatherSpec>().rain, 0);
  EXPECT_THAT(sim::to_yaml(scenario), HasSubstr("weather:\n  rain: 0\n"));
}

TEST(FeatureTour, ASectionsErrorsAreLocatedLikeEveryOther) {
  const auto schema = schema_with_weather();
  try {
    read(std::string(kMinimalScenario) + "weather: {rain: 2}\n", schema);
    FAIL() << "accepted rain: 2";
  } catch (const core::InputError& e) {
    EXPECT_EQ(std::string(e.what()), "test.yaml:14:17: weather.rain: must be <= 1 (got 2)");
  }
  try {
    read(std::string(kMinimalScenario) + "weather: {snow: 1}\n", schema);
    FAIL() << "accepted an unknown key";
  } catch (const core::InputError& e) {
    EXPECT_EQ(std::string(e.what()), "test.yaml:14:11: weather.snow: unknown key; known keys here: rain");
  }
}

TEST(FeatureTour, AnUnregisteredSectionIsAnUnknownKey) {
  try {
    read(std::string(kMinimalScenario) + "weather: {rain: 0.25}\n", app::scenario_schema());
    FAIL() << "accepted a section nobody registered";
  } catch (const core::InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("test.yaml:14:1: weather: unknown key"));
  }
}

}  // namespace
}  // namespace vsm::testing
