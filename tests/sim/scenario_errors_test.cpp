// Bad scenario input: every case must give one line naming where (file:line:column, or the
// --set that caused it), the dotted key path, and what is wrong. Expected messages are written
// by hand from the input text.

#include <gtest/gtest.h>

#include <sstream>

#include "core/input_error.hpp"
#include "tests/sim/scenario_test_util.hpp"

namespace vsm::testing {
namespace {

// The minimal scenario with line `n` (1-based) replaced; an empty replacement deletes it.
std::string replace_line(int n, const std::string& replacement) {
  std::istringstream in(kMinimalScenario);
  std::string line, out;
  for (int i = 1; std::getline(in, line); ++i) {
    if (i != n) out += line + "\n";
    else if (!replacement.empty()) out += replacement + "\n";
  }
  return out;
}

std::string with_extra(const std::string& lines) { return std::string(kMinimalScenario) + lines; }

struct BadInput {
  std::string label;
  std::string text;
  std::vector<std::string> overrides;
  std::string expected;
};

void PrintTo(const BadInput& c, std::ostream* out) { *out << c.label; }

class ScenarioErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(ScenarioErrors, NamesLocationKeyAndProblem) {
  const auto& c = GetParam();
  try {
    load(c.text, c.overrides);
    FAIL() << "accepted bad input";
  } catch (const core::InputError& e) {
    EXPECT_EQ(std::string(e.what()), c.expected);
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "message must be one line";
  }
}

const std::vector<BadInput> kCases = {
    {"empty_file", "", {}, "test.yaml:1:1: the scenario is empty (expected a map of settings, see scenarios/README.md)"},
    {"only_comments", "# nothing here\n", {},
     "test.yaml:1:1: the scenario is empty (expected a map of settings, see scenarios/README.md)"},
    {"malformed_yaml", with_extra("market: {round_period: 5\n"), {},
     "test.yaml:15:1: malformed YAML: end of map flow not found"},
    {"top_level_list", "- a\n- b\n", {}, "test.yaml:1:1: the scenario must be a map of settings, got a list"},
    {"unknown_top_level_key", with_extra("vehicels: 3\n"), {},
     "test.yaml:14:1: vehicels: unknown key (did you mean \"vehicles\"?); known keys here: duration, "
     "edge_servers, ledger, market, mobility, name, output, radio, reputation, seed, vehicles"},
    {"unknown_nested_key", replace_line(4, "  count: 4\n  data_megabites: 2"), {},
     "test.yaml:5:3: vehicles.data_megabites: unknown key (did you mean \"data_megabytes\"?); known keys here: "
     "count, data_megabytes, malicious, sensing, sensing_time, types, upload_margin"},
    {"integer_is_text", replace_line(4, "  count: many"), {},
     "test.yaml:4:10: vehicles.count: expected an integer, got \"many\""},
    {"number_is_list", replace_line(2, "duration: [1, 2]"), {},
     "test.yaml:2:11: duration: expected a number, got a list"},
    {"map_is_scalar", with_extra("market: 5\n"), {}, "test.yaml:14:9: market: expected a map of settings, got \"5\""},
    {"count_zero", replace_line(4, "  count: 0"), {}, "test.yaml:4:10: vehicles.count: must be >= 1 (got 0)"},
    {"not_finite", replace_line(2, "duration: .inf"), {}, "test.yaml:2:11: duration: must be a finite number (got inf)"},
    {"negative_period_by_override", kMinimalScenario, {"market.round_period=-5"},
     "--set market.round_period=-5: market.round_period: must be > 0 (got -5)"},
    {"period_longer_than_run", kMinimalScenario, {"market.round_period=500"},
     "--set market.round_period=500: market.round_period: is longer than the whole run (duration 100 s): no "
     "market round would happen"},
    {"missing_vehicle_count", replace_line(4, ""), {},
     "test.yaml:4:3: vehicles.count: missing required key (expected an integer)"},
    {"missing_key_of_a_list_element", replace_line(6, "    - {probability: 0.5}"), {},
     "test.yaml:6:7: vehicles.types[0].theta: missing required key (expected a number)"},
    {"section_left_empty", "vehicles: ~\nedge_servers:\n  - policy: {name: contract.optimal}\n", {},
     "test.yaml:1:11: vehicles.count: missing required key (expected an integer)"},
    {"missing_edge_servers", "vehicles:\n  count: 1\n  types: [{theta: 1, probability: 1}]\n", {},
     "test.yaml:1:1: edge_servers: missing required key: a list of servers (or an edge_server_grid)"},
    {"servers_listed_and_on_a_grid",
     with_extra("edge_server_grid: {spacing: 500, server: {policy: {name: contract.optimal}}}\n"), {},
     "test.yaml:14:19: edge_server_grid: give edge_servers or edge_server_grid, not both"},
    {"grid_server_placed_by_hand",
     "vehicles:\n  count: 1\n  types: [{theta: 1, probability: 1}]\n"
     "edge_server_grid: {spacing: 500, server: {position: [1, 1], policy: {name: contract.optimal}}}\n",
     {}, "test.yaml:4:53: edge_server_grid.server.position: the grid names and places its servers"},
    {"grid_too_fine",
     "vehicles:\n  count: 1\n  types: [{theta: 1, probability: 1}]\n"
     "edge_server_grid: {spacing: 500, server: {policy: {name: contract.optimal}}}\n",
     {"edge_server_grid.spacing=0.5"},
     "--set edge_server_grid.spacing=0.5: edge_server_grid.spacing: would place 4000000 servers (1000 m x 1000 m area)"},
    {"unknown_ledger_protocol", kMinimalScenario, {"ledger.protocol=comittee"},
     "--set ledger.protocol=comittee: ledger.protocol: unknown value \"comittee\" (did you mean \"committee\"?); "
     "expected one of: pbft, committee"},
    {"probabilities_do_not_sum_to_one", kMinimalScenario, {"vehicles.types.1.probability=0.4"},
     "test.yaml:6:5: vehicles.types: type probabilities must sum to 1 (they sum to 0.9)"},
    {"types_not_ascending", kMinimalScenario, {"vehicles.types.1.theta=20"},
     "test.yaml:6:5: vehicles.types: types must be listed in ascending order of theta (theta_1 <= ... <= theta_N)"},
    {"unknown_policy", kMinimalScenario, {"edge_servers.0.policy.name=contract.fixd"},
     "--set edge_servers.0.policy.name=contract.fixd: edge_servers[0].policy.name: unknown policy "
     "\"contract.fixd\" (did you mean \"contract.fixed\"?); known policies: contract.optimal, contract.coverage_aware, contract.fixed, "
     "contract.random, stackelberg, auction, contract.gdm, contract.ppo"},
    {"menu_size_differs_from_types", replace_line(13, ""), {},
     "test.yaml:12:9: edge_servers[0].policy.items: needs exactly one item per user type (2 types in "
     "vehicles.types), got 1"},
    {"latency_above_latency_max", kMinimalScenario, {"edge_servers.0.policy.items.0.latency=200"},
     "--set edge_servers.0.policy.items.0.latency=200: edge_servers[0].policy.items[0].latency: must be <= 150 "
     "(got 200)"},
    {"duplicate_key", with_extra("duration: 5\n"), {}, "test.yaml:14:1: duration: duplicate key"},
    {"unknown_choice", with_extra("mobility: {model: teleport}\n"), {},
     "test.yaml:14:19: mobility.model: unknown value \"teleport\"; expected one of: static, highway, manhattan, random_waypoint, sumo"},
    {"positions_for_other_count", with_extra("mobility: {positions: [[1, 2]]}\n"), {},
     "test.yaml:14:23: mobility.positions: gives 1 starting positions for 4 vehicles (vehicles.count)"},
    {"manhattan_block_larger_than_area",
     with_extra("mobility: {model: manhattan, area: [100, 1000], manhattan: {block: 200}}\n"), {},
     "test.yaml:14:68: mobility.manhattan.block: is larger than the area: the grid needs at least one block each way"},
    {"rates_out_of_order", with_extra("radio: {model: wifi, rates: [{snr_db: 5, mbps: 3}, {snr_db: 20, mbps: 24}]}\n"),
     {}, "test.yaml:14:29: radio.rates: list the rates fastest first, each needing less SNR than the one before"},
    {"sensing_time_reversed", kMinimalScenario, {"vehicles.sensing_time=[5, 1]"},
     "--set vehicles.sensing_time=[5, 1]: vehicles.sensing_time: a range [low, high] needs low <= high"},
    {"unknown_sensing", kMinimalScenario, {"vehicles.sensing=lazy"},
     "--set vehicles.sensing=lazy: vehicles.sensing: unknown value \"lazy\"; expected one of: drawn, paced"},
    {"sensing_time_when_paced", kMinimalScenario, {"vehicles.sensing=paced", "vehicles.sensing_time=[0, 5]"},
     "--set vehicles.sensing_time=[0, 5]: vehicles.sensing_time: is for sensing: drawn; paced vehicles sense "
     "until their deadline"},
    {"upload_margin_when_drawn", kMinimalScenario, {"vehicles.upload_margin=2"},
     "--set vehicles.upload_margin=2: vehicles.upload_margin: is for sensing: paced"},
    {"negative_upload_margin", kMinimalScenario, {"vehicles.sensing=paced", "vehicles.upload_margin=-1"},
     "--set vehicles.upload_margin=-1: vehicles.upload_margin: must be >= 0 (got -1)"},
    {"dwell_share_zero", kMinimalScenario,
     {"edge_servers.0.policy={name: contract.coverage_aware, dwell_share: 0}"},
     "--set edge_servers.0.policy={name: contract.coverage_aware, dwell_share: 0}: "
     "edge_servers[0].policy.dwell_share: must be > 0 (got 0)"},
    {"missing_sumo_trace", with_extra("mobility: {model: sumo, sumo: {trace: /nonexistent/fcd.xml}}\n"), {},
     "test.yaml:14:39: mobility.sumo.trace: /nonexistent/fcd.xml: cannot open the SUMO FCD trace"},
    {"unknown_key_by_override", kMinimalScenario, {"vehicles.cont=3"},
     "--set vehicles.cont=3: vehicles.cont: unknown key (did you mean \"count\"?); known keys here: count, "
     "data_megabytes, malicious, sensing, sensing_time, types, upload_margin"},
    {"position_of_wrong_length", kMinimalScenario, {"edge_servers.0.position=[1]"},
     "--set edge_servers.0.position=[1]: edge_servers[0].position: expected a list of 2 numbers, got a list"},
    {"duplicate_server_names",
     with_extra("  - name: edge-0\n    policy: {name: contract.fixed, items: [{latency: 1, reward: 1}, "
                "{latency: 1, reward: 1}]}\n"),
     {}, "test.yaml:14:11: edge_servers[1].name: duplicate server name \"edge-0\""},
};

INSTANTIATE_TEST_SUITE_P(BadInputs, ScenarioErrors, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.label; });

TEST(ScenarioFile, MissingFileIsNamed) {
  try {
    core::YamlDocument::load_file("/nonexistent/dir/x.yaml");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/dir/x.yaml: cannot open scenario file (does it exist and is it readable?)");
  }
}

}  // namespace
}  // namespace vsm::testing
