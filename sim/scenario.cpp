#include "sim/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/input_error.hpp"
#include "sim/mobility/fcd_trace.hpp"
#include "sim/mobility/sumo_runner.hpp"
#include "core/random_stream.hpp"

namespace vsm::sim {
namespace {

std::string num(double v) { return core::exact_number(v); }

std::string file_stem(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? "scenario" : stem;
}

Valuation read_valuation(core::MapReader m) {
  Valuation v;
  v.a1 = m.number("a1", v.a1, core::Bounds::positive());
  v.a2 = m.number("a2", v.a2, core::Bounds::positive());
  v.b1 = m.number("b1", v.b1, core::Bounds::at_least(1));
  v.b2 = m.number("b2", v.b2, core::Bounds::at_least(1));
  m.finish();
  return v;
}

// A type's theta is a number, or a range [low, high] drawn once per run; its probability is a
// number, or `dirichlet` (then every type's is: Q ~ Dirichlet(1, ..., 1), as in the paper).
// The resolved scenario records the drawn values, so a recorded run replays exactly.
std::vector<UserType> read_types(core::MapReader& vehicles, std::uint64_t seed) {
  std::vector<UserType> types;
  std::vector<core::MapReader> entries = vehicles.maps("types", 1);
  core::RandomStream thetas(seed, "vehicles.types.theta"), shares(seed, "vehicles.types.probability");
  std::size_t dirichlet = 0;
  bool drawn_theta = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    core::MapReader& t = entries[i];
    UserType type;
    type.name = t.text("name", "type-" + std::to_string(i + 1));
    YAML::Node theta = t.node("theta");
    if (theta.IsSequence()) {
      auto range = t.numbers("theta", {0, 0}, core::Bounds::positive());
      if (range[1] < range[0]) t.fail("theta", "a range [low, high] needs low <= high");
      type.theta = thetas.uniform(range[0], range[1]);
      type.theta_range = {range[0], range[1]};
      drawn_theta = true;
    } else {
      type.theta = t.number("theta", core::Bounds::positive());
      type.theta_range = {type.theta, type.theta};
    }
    if (t.has("probability") && t.node("probability").IsScalar() && t.node("probability").Scalar() == "dirichlet") {
      t.text("probability");
      type.probability = -std::log(1.0 - shares.uniform());  // Gamma(1); normalised below
      ++dirichlet;
    } else {
      type.probability = t.number("probability", core::Bounds::between(0, 1));
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
    vehicles.fail("types", "type probabilities must sum to 1 (they sum to " + core::format_number(total) + ")");
  for (std::size_t i = 1; i < types.size(); ++i)
    if (types[i].theta < types[i - 1].theta)
      vehicles.fail("types", "types must be listed in ascending order of theta (theta_1 <= ... <= theta_N)" +
                                 std::string(drawn_theta ? "; drawn thetas came out of order: make the ranges not overlap"
                                                         : ""));
  return types;
}

std::array<double, 2> read_range(core::MapReader& m, const std::string& key, std::array<double, 2> fallback) {
  auto range = m.numbers(key, {fallback[0], fallback[1]}, core::Bounds::positive());
  if (range[1] < range[0]) m.fail(key, "a range [low, high] needs low <= high");
  return {range[0], range[1]};
}

MobilitySpec read_mobility(core::MapReader m, const std::string& scenario_file) {
  MobilitySpec spec;
  spec.model = m.choice("model", spec.model, {"static", "highway", "manhattan", "random_waypoint", "sumo"});
  auto area = m.numbers("area", {spec.area[0], spec.area[1]}, core::Bounds::positive());
  spec.area = {area[0], area[1]};
  spec.tick = m.number("tick", spec.tick, core::Bounds::positive());
  spec.positions = m.pairs("positions");
  if (spec.model == "highway") {
    core::MapReader h = m.map("highway");
    spec.highway.lane_speeds = h.number_list("lane_speeds", spec.highway.lane_speeds, 1, 16, core::Bounds::positive());
    spec.highway.lane_width = h.number("lane_width", spec.highway.lane_width, core::Bounds::positive());
    spec.highway.both_directions = h.flag("both_directions", spec.highway.both_directions);
    h.finish();
  } else if (spec.model == "manhattan") {
    core::MapReader g = m.map("manhattan");
    spec.manhattan.block = g.number("block", spec.manhattan.block, core::Bounds::positive());
    spec.manhattan.speed = read_range(g, "speed", spec.manhattan.speed);
    spec.manhattan.left = g.number("left", spec.manhattan.left, core::Bounds::between(0, 1));
    spec.manhattan.right = g.number("right", spec.manhattan.right, core::Bounds::between(0, 1));
    if (spec.manhattan.left + spec.manhattan.right > 1) g.fail("right", "left + right turn probabilities exceed 1");
    if (spec.area[0] < spec.manhattan.block || spec.area[1] < spec.manhattan.block)
      g.fail("block", "is larger than the area: the grid needs at least one block each way");
    g.finish();
  } else if (spec.model == "random_waypoint") {
    core::MapReader w = m.map("random_waypoint");
    spec.random_waypoint.speed = read_range(w, "speed", spec.random_waypoint.speed);
    spec.random_waypoint.pause = w.number("pause", spec.random_waypoint.pause, core::Bounds::at_least(0));
    w.finish();
  } else if (spec.model == "sumo") {
    core::MapReader t = m.map("sumo");
    // Relative paths are relative to the scenario file, so a scenario runs from anywhere.
    auto resolve = [&](const std::string& key) {
      std::filesystem::path path = t.text(key);
      if (path.is_relative()) path = std::filesystem::path(scenario_file).parent_path() / path;
      return std::filesystem::absolute(path).lexically_normal().string();
    };
    if (t.has("config") && t.has("trace")) t.fail("config", "give trace (an FCD file) or config (SUMO runs it), not both");
    const std::string key = t.has("config") ? "config" : "trace";
    try {
      if (key == "config") {
        spec.sumo.config = resolve(key);
        spec.sumo.path = sumo_trace(spec.sumo.config);
      } else {
        spec.sumo.path = resolve(key);
      }
      spec.sumo.trace = std::make_shared<const FcdTrace>(read_fcd_trace(spec.sumo.path));
    } catch (const core::InputError& e) {
      t.fail(key, e.what());
    }
    t.finish();
    if (!spec.positions.empty()) m.fail("positions", "a SUMO trace gives the positions itself");
  }
  m.finish();
  return spec;
}

// 802.11p on a 10 MHz channel: its eight rates and the SNR each needs (typical receiver).
std::vector<RateLevel> default_rates() {
  return {{24, 27}, {21, 24}, {17, 18}, {12, 12}, {10, 9}, {8, 6}, {6, 4.5}, {5, 3}};
}

RadioSpec read_radio(core::MapReader m) {
  RadioSpec r;
  r.model = m.choice("model", r.model, {"fixed_rate", "wifi"});
  if (r.model == "fixed_rate") {
    r.rate_mbps = m.number("rate_mbps", r.rate_mbps, core::Bounds::positive());
    r.latency = m.number("latency", r.latency, core::Bounds::at_least(0));
  } else {
    r.tx_power_dbm = m.number("tx_power_dbm", r.tx_power_dbm);
    r.noise_dbm = m.number("noise_dbm", r.noise_dbm);
    r.reference_loss_db = m.number("reference_loss_db", r.reference_loss_db, core::Bounds::at_least(0));
    r.path_loss_exponent = m.number("path_loss_exponent", r.path_loss_exponent, core::Bounds::positive());
    r.shadowing_db = m.number("shadowing_db", r.shadowing_db, core::Bounds::at_least(0));
    std::vector<core::MapReader> rates = m.maps("rates");
    for (auto& level : rates) {
      r.rates.push_back({level.number("snr_db"), level.number("mbps", core::Bounds::positive())});
      level.finish();
    }
    if (rates.empty()) r.rates = default_rates();
    for (std::size_t i = 1; i < r.rates.size(); ++i)
      if (r.rates[i].mbps >= r.rates[i - 1].mbps || r.rates[i].snr_db >= r.rates[i - 1].snr_db)
        m.fail("rates", "list the rates fastest first, each needing less SNR than the one before");
  }
  m.finish();
  return r;
}

EdgeServerSpec read_edge_server(core::MapReader& m, std::size_t index, const Scenario& so_far,
                                const PolicyResolver& resolve_policy) {
  EdgeServerSpec s;
  const auto& area = so_far.mobility.area;
  s.name = m.text("name", "edge-" + std::to_string(index));
  auto position = m.numbers("position", {area[0] / 2, area[1] / 2});
  s.position = {position[0], position[1]};
  s.coverage_radius = m.number("coverage_radius", 750, core::Bounds::positive());
  s.cpu_speed = m.number("cpu_speed", 1e9, core::Bounds::positive());
  core::MapReader backhaul = m.map("backhaul");
  s.backhaul.bandwidth_mbps = backhaul.number("bandwidth_mbps", s.backhaul.bandwidth_mbps, core::Bounds::positive());
  s.backhaul.latency = backhaul.number("latency", s.backhaul.latency, core::Bounds::at_least(0));
  backhaul.finish();
  s.valuation = read_valuation(m.map("valuation"));
  core::MapReader policy = m.map("policy");
  s.policy.name = policy.text("name");
  // The policy sees the scenario with its own server in it (a learned policy checks the
  // valuation it was trained for).
  Scenario with_server = so_far;
  with_server.edge_servers.push_back(s);
  s.policy.params = resolve_policy(s.policy.name, policy, with_server, s.name);
  policy.finish();
  m.finish();
  return s;
}

// Servers at the centres of square cells of side `spacing` tiling the area (ceil(width /
// spacing) columns by ceil(height / spacing) rows), edge-0, edge-1, ... row by row from the
// origin, each as `server` says: an edge_servers entry without name and position.
std::vector<EdgeServerSpec> read_server_grid(core::MapReader grid, const Scenario& so_far,
                                             const PolicyResolver& resolve_policy) {
  const double spacing = grid.number("spacing", core::Bounds::positive());
  core::MapReader server = grid.map("server");
  for (const char* placed : {"name", "position"})
    if (server.has(placed)) server.fail(placed, "the grid names and places its servers");
  const EdgeServerSpec like = read_edge_server(server, 0, so_far, resolve_policy);
  grid.finish();
  const auto& area = so_far.mobility.area;
  const auto columns = static_cast<std::size_t>(std::ceil(area[0] / spacing));
  const auto rows = static_cast<std::size_t>(std::ceil(area[1] / spacing));
  if (columns * rows > 100000) {
    std::string why = "would place " + std::to_string(columns * rows);
    why += " servers (" + core::format_number(area[0]) + " m x " + core::format_number(area[1]) + " m area)";
    grid.fail("spacing", why);
  }
  std::vector<EdgeServerSpec> servers;
  for (std::size_t row = 0; row < rows; ++row)
    for (std::size_t column = 0; column < columns; ++column) {
      EdgeServerSpec s = like;
      s.name = "edge-" + std::to_string(servers.size());
      s.position = {(static_cast<double>(column) + 0.5) * spacing, (static_cast<double>(row) + 0.5) * spacing};
      servers.push_back(std::move(s));
    }
  return servers;
}

}  // namespace

Scenario read_scenario(const core::YamlDocument& doc, const ScenarioSchema& schema) {
  core::MapReader root(doc, doc.root(), "");
  Scenario s;
  s.name = root.text("name", file_stem(doc.name()));
  s.seed = static_cast<std::uint64_t>(root.integer("seed", 1, core::Bounds::between(0, 9007199254740991.0)));
  s.duration = root.number("duration", s.duration, core::Bounds::positive());

  core::MapReader market = root.map("market");
  s.market.round_period = market.number("round_period", s.market.round_period, core::Bounds::positive());
  s.market.latency_max = market.number("latency_max", s.market.latency_max, core::Bounds::positive());
  s.market.cost.kind = market.choice("cost_model", s.market.cost.kind, {"paper", "screening"});
  s.market.cost.cost_scale = market.number("cost_scale", s.market.cost.cost_scale, core::Bounds::positive());
  s.market.message_bytes = market.number("message_bytes", s.market.message_bytes, core::Bounds::at_least(0));
  s.market.competition = market.choice("competition", s.market.competition, {"none", "best_offer"});
  market.finish();
  if (s.market.round_period > s.duration)
    market.fail("round_period", "is longer than the whole run (duration " + core::format_number(s.duration) +
                                    " s): no market round would happen");

  // Mobility and radio come before servers and vehicles, which are placed inside the area.
  s.mobility = read_mobility(root.map("mobility"), doc.name());
  s.radio = read_radio(root.map("radio"));

  core::MapReader vehicles = root.map("vehicles");
  if (s.mobility.model == "sumo") {
    const auto in_trace = static_cast<std::int64_t>(s.mobility.sumo.trace->ids.size());
    s.vehicles.count = vehicles.integer("count", 0, core::Bounds::between(0, static_cast<double>(in_trace)));
  } else {
    s.vehicles.count = vehicles.integer("count", core::Bounds::between(1, 1e7));
  }
  if (!s.mobility.positions.empty() && s.mobility.positions.size() != static_cast<std::size_t>(s.vehicles.count))
    root.map("mobility").fail("positions", "gives " + std::to_string(s.mobility.positions.size()) +
                                               " starting positions for " + std::to_string(s.vehicles.count) +
                                               " vehicles (vehicles.count)");
  s.vehicles.data_megabytes = vehicles.number("data_megabytes", s.vehicles.data_megabytes, core::Bounds::positive());
  s.vehicles.sensing_paced = vehicles.choice("sensing", "drawn", {"drawn", "paced"}) == "paced";
  if (s.vehicles.sensing_paced) {
    if (vehicles.has("sensing_time")) vehicles.fail("sensing_time", "is for sensing: drawn; paced vehicles sense until their deadline");
    vehicles.claim("sensing_time");  // known, and refused above
    s.vehicles.upload_margin = vehicles.number("upload_margin", s.vehicles.upload_margin, core::Bounds::at_least(0));
  } else {
    if (vehicles.has("upload_margin")) vehicles.fail("upload_margin", "is for sensing: paced");
    vehicles.claim("upload_margin");
    auto sensing = vehicles.numbers("sensing_time", {0, 0}, core::Bounds::at_least(0));
    if (sensing[1] < sensing[0]) vehicles.fail("sensing_time", "a range [low, high] needs low <= high");
    s.vehicles.sensing_time = {sensing[0], sensing[1]};
  }
  s.vehicles.types = read_types(vehicles, s.seed);
  core::MapReader malicious = vehicles.map("malicious");
  s.vehicles.malicious.fraction = malicious.number("fraction", 0, core::Bounds::between(0, 1));
  s.vehicles.malicious.behaviour = malicious.choice("behaviour", "claim_high", {"claim_high", "late", "collude"});
  malicious.finish();
  vehicles.finish();

  if (root.has("edge_server_grid")) {
    if (root.has("edge_servers")) root.fail("edge_server_grid", "give edge_servers or edge_server_grid, not both");
    s.edge_servers = read_server_grid(root.map("edge_server_grid"), s, schema.resolve_policy);
  } else {
    if (!root.has("edge_servers"))
      root.fail("edge_servers", "missing required key: a list of servers (or an edge_server_grid)");
    std::vector<core::MapReader> servers = root.maps("edge_servers", 1);
    for (std::size_t i = 0; i < servers.size(); ++i) {
      s.edge_servers.push_back(read_edge_server(servers[i], i, s, schema.resolve_policy));
      for (std::size_t j = 0; j < i; ++j)
        if (s.edge_servers[j].name == s.edge_servers[i].name)
          servers[i].fail("name", "duplicate server name \"" + s.edge_servers[i].name + "\"");
    }
  }
  // A vehicle compares what contract menus give it; other mechanisms have no such comparison.
  if (s.market.competition == "best_offer")
    for (const auto& server : s.edge_servers)
      if (!server.policy.name.starts_with("contract."))
        market.fail("competition", "best_offer compares contract menus, and " + server.name + "'s policy " +
                                       server.policy.name + " is not a contract policy");

  for (const auto& type : schema.sections) {
    core::MapReader section = root.map(type.key);
    s.sections.emplace_back(type.key, type.read(section, s));
    section.finish();
  }

  core::MapReader output = root.map("output");
  s.output.path = output.text("path", "");
  s.output.mobility_every = output.integer("mobility_every", 0, core::Bounds::at_least(0));
  s.output.compress = output.flag("compress", true);
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
  out << YAML::Key << "message_bytes" << YAML::Value << num(s.market.message_bytes);
  out << YAML::Key << "competition" << YAML::Value << s.market.competition;
  out << YAML::EndMap;
  auto key = [&](const char* k) -> YAML::Emitter& { return out << YAML::Key << k << YAML::Value; };
  auto range = [&](const std::array<double, 2>& r) { pair(r); };
  key("mobility") << YAML::BeginMap;
  key("model") << s.mobility.model;
  key("area");
  pair(s.mobility.area);
  key("tick") << num(s.mobility.tick);
  if (!s.mobility.positions.empty()) {
    key("positions") << YAML::BeginSeq;
    for (const auto& p : s.mobility.positions) pair(p);
    out << YAML::EndSeq;
  }
  if (s.mobility.model == "highway") {
    key("highway") << YAML::BeginMap;
    key("lane_speeds") << YAML::Flow << YAML::BeginSeq;
    for (double v : s.mobility.highway.lane_speeds) out << num(v);
    out << YAML::EndSeq;
    key("lane_width") << num(s.mobility.highway.lane_width);
    key("both_directions") << s.mobility.highway.both_directions;
    out << YAML::EndMap;
  } else if (s.mobility.model == "manhattan") {
    key("manhattan") << YAML::BeginMap;
    key("block") << num(s.mobility.manhattan.block);
    key("speed");
    range(s.mobility.manhattan.speed);
    key("left") << num(s.mobility.manhattan.left);
    key("right") << num(s.mobility.manhattan.right);
    out << YAML::EndMap;
  } else if (s.mobility.model == "random_waypoint") {
    key("random_waypoint") << YAML::BeginMap;
    key("speed");
    range(s.mobility.random_waypoint.speed);
    key("pause") << num(s.mobility.random_waypoint.pause);
    out << YAML::EndMap;
  } else if (s.mobility.model == "sumo") {
    key("sumo") << YAML::BeginMap;
    if (s.mobility.sumo.config.empty())
      key("trace") << s.mobility.sumo.path;
    else
      key("config") << s.mobility.sumo.config;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  key("radio") << YAML::BeginMap;
  key("model") << s.radio.model;
  if (s.radio.model == "fixed_rate") {
    key("rate_mbps") << num(s.radio.rate_mbps);
    key("latency") << num(s.radio.latency);
  } else {
    key("tx_power_dbm") << num(s.radio.tx_power_dbm);
    key("noise_dbm") << num(s.radio.noise_dbm);
    key("reference_loss_db") << num(s.radio.reference_loss_db);
    key("path_loss_exponent") << num(s.radio.path_loss_exponent);
    key("shadowing_db") << num(s.radio.shadowing_db);
    key("rates") << YAML::BeginSeq;
    for (const auto& r : s.radio.rates)
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "snr_db" << YAML::Value << num(r.snr_db) << YAML::Key
          << "mbps" << YAML::Value << num(r.mbps) << YAML::EndMap;
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  out << YAML::Key << "vehicles" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "count" << YAML::Value << s.vehicles.count;
  out << YAML::Key << "data_megabytes" << YAML::Value << num(s.vehicles.data_megabytes);
  if (s.vehicles.sensing_paced) {
    out << YAML::Key << "sensing" << YAML::Value << "paced";
    out << YAML::Key << "upload_margin" << YAML::Value << num(s.vehicles.upload_margin);
  } else {
    out << YAML::Key << "sensing_time" << YAML::Value;
    pair(s.vehicles.sensing_time);
  }
  out << YAML::Key << "malicious" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "fraction" << YAML::Value << num(s.vehicles.malicious.fraction);
  out << YAML::Key << "behaviour" << YAML::Value << s.vehicles.malicious.behaviour << YAML::EndMap;
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
    out << YAML::Key << "backhaul" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "bandwidth_mbps" << YAML::Value << num(e.backhaul.bandwidth_mbps);
    out << YAML::Key << "latency" << YAML::Value << num(e.backhaul.latency) << YAML::EndMap;
    out << YAML::Key << "valuation" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "a1" << YAML::Value << num(e.valuation.a1) << YAML::Key << "a2" << YAML::Value << num(e.valuation.a2);
    out << YAML::Key << "b1" << YAML::Value << num(e.valuation.b1) << YAML::Key << "b2" << YAML::Value << num(e.valuation.b2);
    out << YAML::EndMap;
    out << YAML::Key << "policy" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << e.policy.name;
    if (e.policy.params) e.policy.params->write(out);
    out << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq;
  for (const auto& [key, section] : s.sections) {
    out << YAML::Key << key << YAML::Value << YAML::BeginMap;
    section->write(out);
    out << YAML::EndMap;
  }
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "path" << YAML::Value << s.output.path;
  out << YAML::Key << "mobility_every" << YAML::Value << s.output.mobility_every;
  out << YAML::Key << "compress" << YAML::Value << s.output.compress;
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace vsm::sim
