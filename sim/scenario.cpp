#include "sim/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "sim/random_stream.hpp"

namespace vsm::sim {
namespace {

// Shortest text that reads back as the same double: the recorded scenario stays readable and exact.
std::string num(double v) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, end);
}

std::string file_stem(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? "scenario" : stem;
}

Valuation read_valuation(MapReader m) {
  Valuation v;
  v.a1 = m.number("a1", v.a1, Bounds::positive());
  v.a2 = m.number("a2", v.a2, Bounds::positive());
  v.b1 = m.number("b1", v.b1, Bounds::at_least(1));
  v.b2 = m.number("b2", v.b2, Bounds::at_least(1));
  m.finish();
  return v;
}

// A type's theta is a number, or a range [low, high] drawn once per run; its probability is a
// number, or `dirichlet` (then every type's is: Q ~ Dirichlet(1, ..., 1), as in the paper).
// The resolved scenario records the drawn values, so a recorded run replays exactly.
std::vector<UserType> read_types(MapReader& vehicles, std::uint64_t seed) {
  std::vector<UserType> types;
  std::vector<MapReader> entries = vehicles.maps("types", 1);
  RandomStream thetas(seed, "vehicles.types.theta"), shares(seed, "vehicles.types.probability");
  std::size_t dirichlet = 0;
  bool drawn_theta = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    MapReader& t = entries[i];
    UserType type;
    type.name = t.text("name", "type-" + std::to_string(i + 1));
    YAML::Node theta = t.node("theta");
    if (theta.IsSequence()) {
      auto range = t.numbers("theta", {0, 0}, Bounds::positive());
      if (range[1] < range[0]) t.fail("theta", "a range [low, high] needs low <= high");
      type.theta = thetas.uniform(range[0], range[1]);
      drawn_theta = true;
    } else {
      type.theta = t.number("theta", Bounds::positive());
    }
    if (t.has("probability") && t.node("probability").IsScalar() && t.node("probability").Scalar() == "dirichlet") {
      t.text("probability");
      type.probability = -std::log(1.0 - shares.uniform());  // Gamma(1); normalised below
      ++dirichlet;
    } else {
      type.probability = t.number("probability", Bounds::between(0, 1));
    }
    t.finish();
    types.push_back(type);
  }
  if (dirichlet > 0 && dirichlet < types.size())
    vehicles.fail("types", "either every type's probability is \"dirichlet\" or none is");
  double total = 0;
  for (const auto& t : types) total += t.probability;
  if (dirichlet > 0)
    for (auto& t : types) t.probability /= total;
  else if (std::fabs(total - 1.0) > 1e-9)
    vehicles.fail("types", "type probabilities must sum to 1 (they sum to " + format_number(total) + ")");
  for (std::size_t i = 1; i < types.size(); ++i)
    if (types[i].theta < types[i - 1].theta)
      vehicles.fail("types", "types must be listed in ascending order of theta (theta_1 <= ... <= theta_N)" +
                                 std::string(drawn_theta ? "; drawn thetas came out of order: make the ranges not overlap"
                                                         : ""));
  return types;
}

EdgeServerSpec read_edge_server(MapReader& m, std::size_t index, const Scenario& so_far,
                                const PolicyResolver& resolve_policy) {
  EdgeServerSpec s;
  const auto& area = so_far.mobility.area;
  s.name = m.text("name", "edge-" + std::to_string(index));
  auto position = m.numbers("position", {area[0] / 2, area[1] / 2});
  s.position = {position[0], position[1]};
  s.coverage_radius = m.number("coverage_radius", 750, Bounds::positive());
  s.cpu_speed = m.number("cpu_speed", 1e9, Bounds::positive());
  s.valuation = read_valuation(m.map("valuation"));
  MapReader policy = m.map("policy");
  s.policy.name = policy.text("name");
  s.policy.params = resolve_policy(s.policy.name, policy, so_far, s.name);
  policy.finish();
  m.finish();
  return s;
}

}  // namespace

Scenario read_scenario(const YamlDocument& doc, const PolicyResolver& resolve_policy) {
  MapReader root(doc, doc.root(), "");
  Scenario s;
  s.name = root.text("name", file_stem(doc.name()));
  s.seed = static_cast<std::uint64_t>(root.integer("seed", 1, Bounds::between(0, 9007199254740991.0)));
  s.duration = root.number("duration", s.duration, Bounds::positive());

  MapReader market = root.map("market");
  s.market.round_period = market.number("round_period", s.market.round_period, Bounds::positive());
  s.market.latency_max = market.number("latency_max", s.market.latency_max, Bounds::positive());
  s.market.cost.kind = market.choice("cost_model", s.market.cost.kind, {"paper", "screening"});
  s.market.cost.cost_scale = market.number("cost_scale", s.market.cost.cost_scale, Bounds::positive());
  market.finish();
  if (s.market.round_period > s.duration)
    market.fail("round_period", "is longer than the whole run (duration " + format_number(s.duration) +
                                    " s): no market round would happen");

  // Mobility and radio come before servers and vehicles, which are placed inside the area.
  MapReader mobility = root.map("mobility");
  s.mobility.model = mobility.choice("model", s.mobility.model, {"static"});
  auto area = mobility.numbers("area", {s.mobility.area[0], s.mobility.area[1]}, Bounds::positive());
  s.mobility.area = {area[0], area[1]};
  mobility.finish();

  MapReader radio = root.map("radio");
  s.radio.model = radio.choice("model", s.radio.model, {"fixed_rate"});
  s.radio.rate_mbps = radio.number("rate_mbps", s.radio.rate_mbps, Bounds::positive());
  s.radio.latency = radio.number("latency", s.radio.latency, Bounds::at_least(0));
  radio.finish();

  MapReader vehicles = root.map("vehicles");
  s.vehicles.count = vehicles.integer("count", Bounds::between(1, 1e7));
  s.vehicles.data_megabytes = vehicles.number("data_megabytes", s.vehicles.data_megabytes, Bounds::positive());
  s.vehicles.types = read_types(vehicles, s.seed);
  vehicles.finish();

  std::vector<MapReader> servers = root.maps("edge_servers", 1);
  for (std::size_t i = 0; i < servers.size(); ++i) {
    s.edge_servers.push_back(read_edge_server(servers[i], i, s, resolve_policy));
    for (std::size_t j = 0; j < i; ++j)
      if (s.edge_servers[j].name == s.edge_servers[i].name)
        servers[i].fail("name", "duplicate server name \"" + s.edge_servers[i].name + "\"");
  }

  MapReader output = root.map("output");
  s.output.path = output.text("path", "");
  output.finish();

  root.finish();
  return s;
}

std::string default_output_path(const Scenario& scenario) {
  return "results/" + scenario.name + "-seed" + std::to_string(scenario.seed) + ".h5";
}

std::string to_yaml(const Scenario& s) {
  YAML::Emitter out;
  auto pair = [&](const std::array<double, 2>& p) { out << YAML::Flow << YAML::BeginSeq << num(p[0]) << num(p[1]) << YAML::EndSeq; };
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << s.name;
  out << YAML::Key << "seed" << YAML::Value << s.seed;
  out << YAML::Key << "duration" << YAML::Value << num(s.duration);
  out << YAML::Key << "market" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "round_period" << YAML::Value << num(s.market.round_period);
  out << YAML::Key << "latency_max" << YAML::Value << num(s.market.latency_max);
  out << YAML::Key << "cost_model" << YAML::Value << s.market.cost.kind;
  out << YAML::Key << "cost_scale" << YAML::Value << num(s.market.cost.cost_scale);
  out << YAML::EndMap;
  out << YAML::Key << "mobility" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value << s.mobility.model;
  out << YAML::Key << "area" << YAML::Value;
  pair(s.mobility.area);
  out << YAML::EndMap;
  out << YAML::Key << "radio" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value << s.radio.model;
  out << YAML::Key << "rate_mbps" << YAML::Value << num(s.radio.rate_mbps);
  out << YAML::Key << "latency" << YAML::Value << num(s.radio.latency);
  out << YAML::EndMap;
  out << YAML::Key << "vehicles" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "count" << YAML::Value << s.vehicles.count;
  out << YAML::Key << "data_megabytes" << YAML::Value << num(s.vehicles.data_megabytes);
  out << YAML::Key << "types" << YAML::Value << YAML::BeginSeq;
  for (const auto& t : s.vehicles.types)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << t.name << YAML::Key << "theta"
        << YAML::Value << num(t.theta) << YAML::Key << "probability" << YAML::Value << num(t.probability) << YAML::EndMap;
  out << YAML::EndSeq << YAML::EndMap;
  out << YAML::Key << "edge_servers" << YAML::Value << YAML::BeginSeq;
  for (const auto& e : s.edge_servers) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << e.name;
    out << YAML::Key << "position" << YAML::Value;
    pair(e.position);
    out << YAML::Key << "coverage_radius" << YAML::Value << num(e.coverage_radius);
    out << YAML::Key << "cpu_speed" << YAML::Value << num(e.cpu_speed);
    out << YAML::Key << "valuation" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "a1" << YAML::Value << num(e.valuation.a1) << YAML::Key << "a2" << YAML::Value << num(e.valuation.a2);
    out << YAML::Key << "b1" << YAML::Value << num(e.valuation.b1) << YAML::Key << "b2" << YAML::Value << num(e.valuation.b2);
    out << YAML::EndMap;
    out << YAML::Key << "policy" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << e.policy.name;
    if (e.policy.params.IsMap())
      for (const auto& kv : e.policy.params) out << YAML::Key << kv.first << YAML::Value << kv.second;
    out << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "path" << YAML::Value << s.output.path;
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace vsm::sim
