#pragma once
// A scenario as plain data: what `vsm run` simulates. Loaded from YAML (schema and defaults in
// scenarios/README.md), then written back out fully resolved so a result file records exactly
// what ran.

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/yaml_reader.hpp"
#include "sim/round_clock.hpp"
#include "sim/scenario_section.hpp"

namespace vsm::sim {

// A user type of the paper's model: data-quality ability theta and its share of the population.
struct UserType {
  std::string name;
  double theta = 0;
  double probability = 0;
  std::array<double, 2> theta_range{};  // where theta was drawn from ([theta, theta] when given as a number)
};

// The edge server's revenue from a type-n user: a1 theta^b1 - a2 (L/Lmax)^b2 (paper, eq. for U_E).
struct Valuation {
  double a1 = 15, a2 = 10, b1 = 1, b2 = 1;
};

// A policy's parameters, typed, as its policy read them (every default filled in). Each policy
// defines its own (policies/); the scenario keeps them without knowing what is in them.
struct PolicyParams {
  virtual ~PolicyParams() = default;
  // The keys and values of the policy's map (besides `name`), for the resolved scenario.
  virtual void write(YAML::Emitter& out) const = 0;
};

// A policy by registry name, with its parameters.
struct PolicySpec {
  std::string name;
  std::shared_ptr<const PolicyParams> params;  // set once the scenario is read
};

// The wired link from an edge server to the cloud.
struct BackhaulSpec {
  double bandwidth_mbps = 1000;
  double latency = 0.005;  // seconds
};

struct EdgeServerSpec {
  std::string name;
  std::array<double, 2> position{};  // metres
  double coverage_radius = 0;        // metres
  double cpu_speed = 0;              // flop/s
  BackhaulSpec backhaul;
  Valuation valuation;
  PolicySpec policy;
};

// How a vehicle's cost of effort e = Lmax/L - 1 (uploading within L instead of Lmax) scales.
// A type-theta vehicle taking item (L, R) gets U = theta R - C e, with C its cost coefficient:
//   paper:     C = theta (the paper's model: cost grows with the type, as the benefit does)
//   screening: C = cost_scale for every type (the classic screening model)
struct CostModel {
  std::string kind = "paper";
  double cost_scale = 100;
  double coefficient(double theta) const { return kind == "paper" ? theta : cost_scale; }
};

struct MarketSpec {
  double round_period = 10;  // seconds between market rounds
  double latency_max = 150;  // Lmax, the largest latency a contract may promise (seconds)
  CostModel cost;
  double message_bytes = 200;  // size of an offer or a response on the air
  // none: a server offers to the vehicles it serves. best_offer: every server offers to every
  // vehicle inside its coverage radius, and a vehicle heard by several takes the offer best for
  // it (agents/marketplace.hpp); contract policies only.
  std::string competition = "none";
};

// Vehicles that cheat. claim_high: take the contract item meant for the highest type (or claim
// the highest type) and deliver low-quality data; late: deliver after the deadline;
// collude: upload a duplicate of a partner's data (worth nothing to the server).
struct MaliciousSpec {
  double fraction = 0;  // of the vehicles, chosen per seed (stream "vehicles.malicious")
  std::string behaviour = "claim_high";
};

struct VehicleSpec {
  std::int64_t count = 0;  // 0 with a SUMO trace: every vehicle of the trace
  std::vector<UserType> types;  // sorted by theta, probabilities sum to 1
  double data_megabytes = 1;    // size of one sensing batch
  std::array<double, 2> sensing_time{0, 0};  // seconds a dealing vehicle senses before it uploads
  // paced: a dealing vehicle senses until its promised latency less upload_margin, then uploads,
  // and latency counts from the deal (the paper's L: collecting and transmitting). Else drawn:
  // it senses for a time drawn from sensing_time and latency counts from then.
  bool sensing_paced = false;
  double upload_margin = 1;  // seconds a paced vehicle keeps for its upload
  MaliciousSpec malicious;
};

// Model parameters (sim/mobility/*.hpp say how each model moves vehicles).
struct HighwaySpec {
  std::vector<double> lane_speeds{25, 30, 33};  // m/s, one per lane and direction
  double lane_width = 3.5;                       // metres
  bool both_directions = true;
};

struct ManhattanSpec {
  double block = 200;                 // metres between parallel streets
  std::array<double, 2> speed{8, 14};  // m/s, each vehicle's drawn from this range
  double left = 0.25, right = 0.25;    // turn probabilities at a crossing (else straight on)
};

struct RandomWaypointSpec {
  std::array<double, 2> speed{5, 20};  // m/s
  double pause = 0;                    // seconds at each waypoint
};

struct FcdTrace;
struct SumoSpec {
  std::string config;                        // a .sumocfg vsm has SUMO run (absolute), or empty
  std::string path;                          // FCD XML: the trace given, or the one SUMO made
  std::shared_ptr<const FcdTrace> trace;     // indexed once when the scenario is read
};

struct MobilitySpec {
  std::string model = "static";  // static | highway | manhattan | random_waypoint | sumo
  std::array<double, 2> area{1000, 1000};  // metres; vehicles start uniformly inside
  double tick = 1;                         // seconds between position updates
  std::vector<std::array<double, 2>> positions;  // optional starting positions, one per vehicle
  HighwaySpec highway;
  ManhattanSpec manhattan;
  RandomWaypointSpec random_waypoint;
  SumoSpec sumo;
};

// One rate of the wifi link: usable when the received SNR is at least snr_db.
struct RateLevel {
  double snr_db = 0;
  double mbps = 0;
};

struct RadioSpec {
  std::string model = "fixed_rate";  // fixed_rate: private link per vehicle; wifi: shared channel
  // fixed_rate
  double rate_mbps = 6;    // uplink rate of every vehicle (802.11p's lowest useful rate)
  double latency = 0.002;  // one-way link latency, seconds
  // wifi: SNR = tx_power - (reference_loss + 10 exponent log10(d / 1 m)) - shadowing - noise
  double tx_power_dbm = 23;
  double noise_dbm = -95;
  double reference_loss_db = 47.9;  // free-space loss at 1 m, 5.9 GHz
  double path_loss_exponent = 2.2;
  double shadowing_db = 0;          // sigma of log-normal shadowing (stream "radio.shadowing"); 0: off
  std::vector<RateLevel> rates;     // fastest first; default: 802.11p, 10 MHz channel
};

struct OutputSpec {
  std::string path;  // result file; empty means results/<name>-seed<seed>.h5
  std::int64_t mobility_every = 0;  // ticks between /mobility samples; 0: no /mobility table
  bool compress = true;             // rewrite the finished file compressed (core/compression.hpp)
};

struct Scenario {
  std::string name;
  std::uint64_t seed = 1;
  double duration = 600;  // simulated seconds
  MarketSpec market;
  std::vector<EdgeServerSpec> edge_servers;
  VehicleSpec vehicles;
  MobilitySpec mobility;
  RadioSpec radio;
  // The features' own sections, in registration order (sim/scenario_section.hpp).
  std::vector<std::pair<std::string, std::shared_ptr<const Section>>> sections;
  OutputSpec output;

  RoundClock rounds() const { return {market.round_period, duration}; }

  // The feature's section: as read, or the feature's defaults when the scenario was not read
  // with that feature registered (a scenario built in code).
  template <class S>
  const S& section() const {
    for (const auto& [key, section] : sections)
      if (const auto* found = dynamic_cast<const S*>(section.get())) return *found;
    static const S defaults;
    return defaults;
  }
};

// Reads and checks the policy map of server `server` (its `name` key already read) and returns
// the policy's parameters with defaults filled in.
using PolicyResolver = std::function<std::shared_ptr<const PolicyParams>(
    const std::string& name, core::MapReader& policy, const Scenario& scenario, const std::string& server)>;

// What a scenario may hold beyond the world itself: the policies and the features' sections.
// Supplied by the layer that knows them (app/features.hpp): sim/ sits below and cannot name them.
struct ScenarioSchema {
  PolicyResolver resolve_policy;
  std::vector<SectionType> sections;  // read after the edge servers, in this order
};

// Reads and checks a scenario. Throws InputError with file:line:column and key path.
Scenario read_scenario(const core::YamlDocument& doc, const ScenarioSchema& schema);

// The fully resolved scenario as YAML text; reading it back gives the same Scenario.
std::string to_yaml(const Scenario& scenario);

// Where the result goes when neither -o nor output.path says.
std::string default_output_path(const Scenario& scenario);

}  // namespace vsm::sim
