// docs/tour.md as real examples. "Add a scenario section": a feature's section is one struct
// (read, checked, written back resolved) and one registration line in the schema. "Add a
// policy": a policy is one class with its typed parameters and one registration line in a
// policy registry.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/features.hpp"
#include "core/input_error.hpp"
#include "policies/contract/solver.hpp"
#include "policies/policy_registry.hpp"
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

// The policy's one file: the optimal menu with its rewards scaled by `share`.
class HalfContract : public policies::IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {
    double share = 0.5;
    static Params read(core::MapReader& params, const policies::PolicyContext&) {
      Params p;
      p.share = params.number("share", p.share, core::Bounds::between(0, 1));
      return p;
    }
    void write(YAML::Emitter& out) const override { out << YAML::Key << "share" << YAML::Value << share; }
  };
  HalfContract(const Params& params, const policies::PolicyContext&) : share_(params.share) {}
  std::string name() const override { return "contract.half"; }
  policies::Offer offer(const policies::MarketState& s) override {
    auto menu = policies::optimal_menu(s.types, s.latency_max, s.valuation);
    for (auto& item : menu.items) item.reward *= share_;
    return menu;
  }

 private:
  double share_;
};

// The one registration line, on a copy of vsm's own registry; the schema reads policies with it.
struct WithHalfContract {
  policies::PolicyRegistry registry = policies::PolicyRegistry(policies::builtin_policies()).add(
      policies::policy_entry<HalfContract>("contract.half", "the optimal menu with its rewards scaled by share"));
  sim::ScenarioSchema schema = [this] {
    sim::ScenarioSchema s = app::scenario_schema();
    s.resolve_policy = registry.resolver();
    return s;
  }();
};

std::string with_policy(const std::string& policy) {
  std::string text = kMinimalScenario;
  text.resize(text.find("  - policy:\n"));
  return text + "  - policy: " + policy + "\n";
}

TEST(FeatureTour, ARegisteredPolicyIsReadRecordedAndOffersItsMenus) {
  const WithHalfContract with;
  const auto scenario = read(with_policy("{name: contract.half, share: 0.25}"), with.schema);
  const std::string resolved = sim::to_yaml(scenario);
  EXPECT_THAT(resolved, HasSubstr("    policy:\n      name: contract.half\n      share: 0.25\n"));
  EXPECT_EQ(sim::to_yaml(read(resolved, with.schema)), resolved) << "the resolved scenario reads back as itself";
  EXPECT_THAT(sim::to_yaml(read(with_policy("{name: contract.half}"), with.schema)), HasSubstr("share: 0.5\n"));

  // Made for the scenario's server, it offers the optimum's menu at a quarter of its rewards.
  auto policy = with.registry.make(scenario.edge_servers[0], scenario);
  EXPECT_EQ(policy->name(), "contract.half");
  policies::MarketState state;
  state.types = {{50, 150}, {50, 150}, {0.5, 0.5}};
  state.latency_max = 150;
  const auto optimum = policies::optimal_menu(state.types, state.latency_max, state.valuation);
  const auto menu = std::get<policies::ContractMenu>(policy->offer(state));
  ASSERT_EQ(menu.items.size(), 2u);
  for (std::size_t n = 0; n < 2; ++n) {
    EXPECT_EQ(menu.items[n].latency, optimum.items[n].latency);
    EXPECT_EQ(menu.items[n].reward, 0.25 * optimum.items[n].reward);
  }
  EXPECT_GT(menu.items[1].reward, 0);
}

TEST(FeatureTour, APolicysErrorsAreLocatedAndUnregisteredNamesRefused) {
  const WithHalfContract with;
  try {
    read(with_policy("{name: contract.half, share: 2}"), with.schema);
    FAIL() << "accepted share: 2";
  } catch (const core::InputError& e) {
    EXPECT_EQ(std::string(e.what()), "test.yaml:9:42: edge_servers[0].policy.share: must be <= 1 (got 2)");
  }
  try {
    read(with_policy("{name: contract.half}"), app::scenario_schema());
    FAIL() << "vsm's own registry accepted a policy it does not have";
  } catch (const core::InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("edge_servers[0].policy.name: unknown policy \"contract.half\""));
  }
  EXPECT_THROW(policies::PolicyRegistry(with.registry).add(policies::policy_entry<HalfContract>("contract.half", "")),
               std::invalid_argument);
}

}  // namespace
}  // namespace vsm::testing
