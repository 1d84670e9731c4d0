#include "agents/market.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <simgrid/s4u.hpp>
#include <vector>

#include "agents/cloud.hpp"
#include "agents/edge_server.hpp"
#include "agents/ledger/ledger_spec.hpp"
#include "agents/ledger/ledger_tables.hpp"
#include "agents/ledger/replica.hpp"
#include "agents/mobility_driver.hpp"
#include "agents/radio_access.hpp"
#include "agents/reputation.hpp"
#include "agents/reputation_spec.hpp"
#include "agents/reputation_table.hpp"
#include "agents/vehicle.hpp"
#include "sim/coverage.hpp"
#include "sim/population.hpp"
#include "sim/run_tables.hpp"
#include "sim/world.hpp"

namespace sg4 = simgrid::s4u;

namespace vsm::agents {
namespace {

// SimGrid reads its own options from argv; keep its informational chatter off our stderr.
// CM02: transfer time is size / bandwidth + latency, with no TCP correction factors, so a
// measured latency reads directly against the rates of the scenario.
std::unique_ptr<sg4::Engine> make_engine() {
  std::vector<std::string> args = {"vsm", "--log=root.thresh:warning", "--cfg=network/model:CM02"};
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer cannot follow SimGrid's hand-made stack switches; system threads it can.
  args.push_back("--cfg=contexts/factory:thread");
#endif
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  return std::make_unique<sg4::Engine>(&argc, argv.data());
}

void write_static_tables(sim::RunTables& tables, const sim::Scenario& scenario,
                         const std::vector<sim::VehicleInit>& population, const std::vector<std::size_t>& stations,
                         const std::vector<ledger::SigningKey>& keys) {
  for (std::size_t i = 0; i < scenario.edge_servers.size(); ++i) {
    const auto& s = scenario.edge_servers[i];
    tables.servers.append({static_cast<std::int64_t>(i), s.name, s.position[0], s.position[1], s.coverage_radius,
                           s.cpu_speed, s.policy.name, s.backhaul.bandwidth_mbps, s.backhaul.latency,
                           static_cast<std::int64_t>(stations[i]), ledger::to_hex(keys[i].public_key())});
  }
  for (const auto& v : population)
    tables.vehicles.append(
        {v.id, v.name, static_cast<std::int64_t>(v.type), v.theta, v.cost, v.x, v.y, v.server, v.malicious ? 1 : 0});
  tables.file.flush();
}

}  // namespace

// Declaration order is construction order, and creation order is start order at time 0:
// vehicles wait for offers, the mobility driver attaches them, then the servers open round 0.
// Services are daemons: the run ends with the servers' last round.
struct Market::Parts {
  const sim::Scenario& scenario;
  core::ResultFile& file;
  const policies::PolicyRegistry& policies;
  std::vector<sim::VehicleInit> population = sim::make_population(scenario);
  std::unique_ptr<sg4::Engine> engine = make_engine();
  std::vector<std::size_t> stations = sim::peak_load(scenario);
  // The clairvoyant bound needs the future; it has one only for vehicles that pace their sensing.
  std::optional<sim::ServiceTimeline> timeline =
      scenario.vehicles.sensing_paced ? std::make_optional<sim::ServiceTimeline>(scenario) : std::nullopt;
  sim::World world{scenario, stations};
  std::vector<Vehicle> vehicles;
  sim::RunTables tables{file, scenario.edge_servers.size(), population.size(), scenario.output.mobility_every > 0,
                        scenario.market.round_period};
  // The features' own tables, after the run's: a flush commits tables in reverse creation
  // order, so a /rounds row is committed only once the rows of its round in every table are.
  const ledger::LedgerSpec& ledger_spec = scenario.section<ledger::LedgerSpec>();
  const ReputationSpec& reputation_spec = scenario.section<ReputationSpec>();
  std::optional<ledger::LedgerTables> ledger_tables;
  ledger::UnsealedRows unsealed_rows;
  std::optional<core::Table<ReputationRow>> reputation_table;
  std::vector<ledger::SigningKey> keys = ledger::server_keys(scenario);
  RadioAccess access{world, population.size()};
  std::optional<Marketplace> marketplace =
      scenario.market.competition == "best_offer"
          ? std::make_optional<Marketplace>(scenario.edge_servers.size(), population.size(), access)
          : std::nullopt;
  MobilityDriver driver{scenario, world, access, tables};
  Cloud cloud;
  std::vector<Reputation> reputations;
  std::vector<std::unique_ptr<ledger::Replica>> replicas;
  std::vector<std::unique_ptr<EdgeServer>> servers;

  Parts(const sim::Scenario& s, core::ResultFile& f, const policies::PolicyRegistry& p)
      : scenario(s), file(f), policies(p) {
    const bool claims_high = scenario.vehicles.malicious.behaviour == "claim_high";
    vehicles.reserve(population.size());
    for (const auto& v : population) vehicles.emplace_back(v, claims_high);
    if (ledger_spec.enabled) ledger_tables.emplace(file, scenario.edge_servers.size());
    if (reputation_spec.enabled) reputation_table.emplace(file.add_table("reputation", reputation_columns()));
    write_static_tables(tables, scenario, population, stations, keys);

    sg4::Actor::create("mobility", world.cloud_host(), [this] { driver(); })->daemonize();
    sg4::Actor::create("cloud", world.cloud_host(), [this] { cloud(); })->daemonize();

    reputations.assign(scenario.edge_servers.size(),
                       Reputation(vehicles.size(), reputation_spec.decay, reputation_spec.prior_weight));
    if (ledger_tables) start_ledger();

    const MarketContext shared{scenario, world, vehicles, access, driver, tables,
                               ledger_tables ? &unsealed_rows : nullptr, timeline ? &*timeline : nullptr,
                               marketplace ? &*marketplace : nullptr};
    for (std::size_t i = 0; i < scenario.edge_servers.size(); ++i) {
      servers.push_back(std::make_unique<EdgeServer>(shared, i, policies.make(scenario.edge_servers[i], scenario),
                                                     replicas.empty() ? nullptr : replicas[i].get(),
                                                     reputation_spec.enabled ? &reputations[i] : nullptr));
      EdgeServer* server = servers.back().get();
      sg4::Actor::create(scenario.edge_servers[i].name, world.server_host(i), [server] { (*server)(); });
    }
  }

  // The ledger: one replica per server, on the server's host, as a daemon actor. Appending a
  // block updates that server's reputations from the block's deliveries. A block's /ledger row
  // is written when the last replica appends it, so it shows how long agreement took.
  void start_ledger() {
    std::vector<ledger::PublicKey> public_keys;
    for (const auto& k : keys) public_keys.push_back(k.public_key());
    auto appended = std::make_shared<std::map<std::int64_t, std::size_t>>();  // height -> replicas that have it
    const std::size_t count = scenario.edge_servers.size();
    auto* reputation_rows = reputation_table ? &*reputation_table : nullptr;
    auto recorded = [this, reputation_rows, appended, count](const ledger::Block& block, const ledger::Bytes& bytes,
                                                             double now) {
      if (++(*appended)[block.height] < count) return;
      appended->erase(block.height);
      ledger_tables->record(block, bytes, now, unsealed_rows.seal(block, keys[block.producer]));
      if (reputation_rows)  // every server holds the same reputations once all have the block
        for (std::size_t v = 0; v < reputations[0].size(); ++v)
          reputation_rows->append({block.height, now, static_cast<std::int64_t>(v), reputations[0].of(v)});
    };
    for (std::size_t i = 0; i < count; ++i) {
      auto on_commit = [this, i, recorded, reputation_rows](const ledger::Block& block, const ledger::Bytes& bytes,
                                                            double now) {
        if (reputation_rows) {  // reputation on
          reputations[i].age();
          for (const auto& r : block.records) {
            const auto record = ledger::decode_record(r);
            reputations[i].observe(static_cast<std::size_t>(record.vehicle), record.on_time && record.check_passed);
          }
        }
        recorded(block, bytes, now);
      };
      replicas.push_back(std::make_unique<ledger::Replica>(scenario, i, keys[i], public_keys, on_commit));
      ledger::Replica* replica = replicas.back().get();
      sg4::Actor::create(scenario.edge_servers[i].name + "-ledger", world.server_host(i), [replica] { (*replica)(); })
          ->daemonize();
    }
  }
};

Market::Market(const sim::Scenario& scenario, core::ResultFile& file, const policies::PolicyRegistry& policies)
    : parts_(std::make_unique<Parts>(scenario, file, policies)) {}

Market::~Market() = default;

double Market::now() const {
  if (!over()) return sg4::Engine::get_clock();
  // SimGrid's clock may have gone on to the time last run until; the run ended earlier.
  double end = 0;
  for (const auto& s : parts_->servers) end = std::max(end, s->done_at());
  return end;
}

bool Market::over() const {
  for (const auto& s : parts_->servers)
    if (!s->done()) return false;
  return true;
}

bool Market::run_until_round(std::int64_t round) {
  const double time = parts_->scenario.rounds().due(round);
  if (!over() && time > now()) parts_->engine->run_until(time);
  return !over();
}

std::string Market::finish() {
  parts_->engine->run();
  auto& p = *parts_;
  auto first_error = [&p]() -> std::string {
    for (const auto& s : p.servers)
      if (!s->error().empty()) return s->error();
    return "";
  };
  // A result file that could not be written (a full disk) takes no more.
  if (!p.file.writable() && !first_error().empty()) return first_error();
  // What reached the cloud over the backhauls: a check on the market as a whole.
  core::h5::write_attribute(p.file.root(), "cloud_reports", p.cloud.reports());
  core::h5::write_attribute(p.file.root(), "cloud_megabytes", p.cloud.megabytes());
  for (std::size_t i = 0; i < p.replicas.size(); ++i) {
    const auto& chain = p.replicas[i]->chain();
    p.ledger_tables->replicas.append({static_cast<std::int64_t>(i), static_cast<std::int64_t>(chain.size()),
                                      chain.empty() ? std::string() : ledger::to_hex(chain.back())});
  }
  return first_error();
}

}  // namespace vsm::agents
