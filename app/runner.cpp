#include "app/runner.hpp"

#include <ctime>
#include <map>
#include <filesystem>
#include <optional>
#include <simgrid/s4u.hpp>

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
#include "policies/policy_registry.hpp"
#include "core/input_error.hpp"
#include "sim/coverage.hpp"
#include "sim/population.hpp"
#include "core/result_file.hpp"
#include "sim/run_tables.hpp"
#include "core/stop_request.hpp"
#include "core/version.hpp"
#include "sim/world.hpp"

namespace sg4 = simgrid::s4u;
namespace fs = std::filesystem;

namespace vsm::app {

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void prepare_output(const std::string& path, bool force) {
  if (fs::is_directory(path)) throw core::InputError(path + ": is a directory; -o takes a file name");
  if (fs::exists(path) && !force)
    throw core::InputError(path + ": result file already exists; pass --force to replace it or -o to write elsewhere");
  fs::path parent = fs::path(path).parent_path();
  std::error_code error;
  if (!parent.empty()) fs::create_directories(parent, error);
  if (error) throw core::InputError(parent.string() + ": cannot create output directory: " + error.message());
}

void write_provenance(core::ResultFile& file, std::uint64_t seed, const std::string& command_line) {
  const auto& root = file.root();
  core::h5::write_attribute(root, "format_version", sim::kFormatVersion);
  core::h5::write_attribute(root, "vsm_version", std::string(core::kVersion));
  core::h5::write_attribute(root, "git_commit", std::string(core::kGitCommit));
  core::h5::write_attribute(root, "seed", static_cast<std::int64_t>(seed));
  core::h5::write_attribute(root, "started_at", utc_now());
  core::h5::write_attribute(root, "command_line", command_line);
}

namespace {

void write_run_provenance(core::ResultFile& file, const sim::Scenario& scenario, const RunOptions& options) {
  write_provenance(file, scenario.seed, options.command_line);
  core::h5::write_attribute(file.root(), "scenario_yaml", sim::to_yaml(scenario));
}

void write_static_tables(sim::RunTables& tables, const sim::Scenario& scenario,
                         const std::vector<sim::VehicleInit>& population, const std::vector<std::size_t>& stations,
                         const std::vector<agents::ledger::SigningKey>& keys) {
  for (std::size_t i = 0; i < scenario.edge_servers.size(); ++i) {
    const auto& s = scenario.edge_servers[i];
    tables.servers.append({static_cast<std::int64_t>(i), s.name, s.position[0], s.position[1], s.coverage_radius,
                           s.cpu_speed, s.policy.name, s.backhaul.bandwidth_mbps, s.backhaul.latency,
                           static_cast<std::int64_t>(stations[i]), agents::ledger::to_hex(keys[i].public_key())});
  }
  for (const auto& v : population)
    tables.vehicles.append(
        {v.id, v.name, static_cast<std::int64_t>(v.type), v.theta, v.cost, v.x, v.y, v.server, v.malicious ? 1 : 0});
  tables.file.flush();
}

// The ledger: one replica per server, on the server's host, as a daemon actor. Appending a
// block updates that server's reputations from the block's deliveries. A block's /ledger row
// is written when the last replica appends it, so it shows how long agreement took.
std::vector<std::unique_ptr<agents::ledger::Replica>> start_ledger(const sim::Scenario& scenario,
                                                                   const sim::World& world,
                                                                   const std::vector<agents::ledger::SigningKey>& keys,
                                                                   std::vector<agents::Reputation>& reputations,
                                                                   agents::ledger::LedgerTables& tables,
                                                                   core::Table<agents::ReputationRow>* reputation_table) {
  namespace ledger = agents::ledger;
  std::vector<ledger::PublicKey> public_keys;
  for (const auto& k : keys) public_keys.push_back(k.public_key());
  auto appended = std::make_shared<std::map<std::int64_t, std::size_t>>();  // height -> replicas that have it
  const std::size_t servers = scenario.edge_servers.size();
  auto recorded = [&tables, reputation_table, &reputations, appended, servers](
                      const ledger::Block& block, const ledger::Bytes& bytes, double now) {
    if (++(*appended)[block.height] < servers) return;
    appended->erase(block.height);
    tables.blocks.append({block.height, block.time, now, now - block.time, block.producer,
                           static_cast<std::int64_t>(block.records.size()), ledger::to_hex(ledger::block_hash(block)),
                           ledger::to_hex(block.previous), ledger::to_hex(block.merkle_root), ledger::to_hex(bytes)});
    if (reputation_table)  // every server holds the same reputations once all have the block
      for (std::size_t v = 0; v < reputations[0].size(); ++v)
        reputation_table->append({block.height, now, static_cast<std::int64_t>(v), reputations[0].of(v)});
  };
  std::vector<std::unique_ptr<ledger::Replica>> replicas;
  for (std::size_t i = 0; i < servers; ++i) {
    auto on_commit = [&reputations, i, recorded, reputation_table](const ledger::Block& block,
                                                                    const ledger::Bytes& bytes, double now) {
      if (reputation_table) {  // reputation on
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
  return replicas;
}

}  // namespace

std::string output_path(const sim::Scenario& scenario, const RunOptions& options) {
  if (!options.output.empty()) return options.output;
  if (!scenario.output.path.empty()) return scenario.output.path;
  return sim::default_output_path(scenario);
}

RunOutcome run_scenario(const sim::Scenario& scenario, const RunOptions& options) {
  RunOutcome outcome;
  outcome.path = output_path(scenario, options);
  prepare_output(outcome.path, options.force);
  const auto wall_start = std::chrono::steady_clock::now();

  // SimGrid reads its own options from argv; keep its informational chatter off our stderr.
  // CM02: transfer time is size / bandwidth + latency, with no TCP correction factors, so a
  // measured latency reads directly against the rates of the scenario.
  std::vector<std::string> args = {"vsm", "--log=root.thresh:warning", "--cfg=network/model:CM02"};
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer cannot follow SimGrid's hand-made stack switches; system threads it can.
  args.push_back("--cfg=contexts/factory:thread");
#endif
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  sg4::Engine engine(&argc, argv.data());

  const auto population = sim::make_population(scenario);
  const auto stations = sim::peak_load(scenario);
  sim::World world(scenario, stations);
  std::vector<agents::Vehicle> vehicles;
  vehicles.reserve(population.size());
  const bool claims_high = scenario.vehicles.malicious.behaviour == "claim_high";
  for (const auto& v : population) vehicles.emplace_back(v, scenario.market.message_bytes, claims_high);

  std::optional<core::ResultFile> created;
  try {
    created.emplace(outcome.path);
  } catch (const core::h5::Error&) {
    throw core::InputError(outcome.path + ": cannot create the result file (is its directory writable?)");
  }
  core::ResultFile& file = *created;
  try {
    write_run_provenance(file, scenario, options);
    sim::RunTables tables(file, scenario.edge_servers.size(), population.size(), scenario.output.mobility_every > 0);
    // The features' own tables, after the run's: a flush commits tables in reverse creation
    // order, so a /rounds row is committed only once the rows of its round in every table are.
    const auto& ledger_spec = scenario.section<agents::ledger::LedgerSpec>();
    const auto& reputation_spec = scenario.section<agents::ReputationSpec>();
    std::optional<agents::ledger::LedgerTables> ledger_tables;
    if (ledger_spec.enabled) ledger_tables.emplace(file, scenario.edge_servers.size());
    std::optional<core::Table<agents::ReputationRow>> reputation_table;
    if (reputation_spec.enabled) reputation_table.emplace(file.add_table("reputation", agents::reputation_columns()));
    const auto keys = agents::ledger::server_keys(scenario);
    write_static_tables(tables, scenario, population, stations, keys);

    // Creation order is start order at time 0: vehicles wait for offers, the mobility driver
    // attaches them, then the servers open round 0. Services are daemons: the run ends with
    // the servers' last round.
    agents::RadioAccess access(world, vehicles.size());
    for (std::size_t v = 0; v < vehicles.size(); ++v) {
      const agents::Vehicle* vehicle = &vehicles[v];
      // A vehicle's actor needs little stack; thousands of them at the default 8 MiB would not.
      access.set_actor(v, sg4::Actor::init(vehicle->info().name, world.parking_host())
                              ->set_stacksize(256 * 1024)
                              ->start([vehicle] { (*vehicle)(); })
                              ->daemonize());
    }
    agents::MobilityDriver driver(scenario, world, access, tables);
    sg4::Actor::create("mobility", world.cloud_host(), [&driver] { driver(); })->daemonize();
    agents::Cloud cloud;
    sg4::Actor::create("cloud", world.cloud_host(), [&cloud] { cloud(); })->daemonize();

    std::vector<agents::Reputation> reputations(scenario.edge_servers.size(),
                                                agents::Reputation(vehicles.size(), reputation_spec.decay,
                                                                   reputation_spec.prior_weight));
    auto replicas = ledger_tables ? start_ledger(scenario, world, keys, reputations, *ledger_tables,
                                                 reputation_table ? &*reputation_table : nullptr)
                                  : std::vector<std::unique_ptr<agents::ledger::Replica>>{};

    std::vector<std::unique_ptr<agents::EdgeServer>> servers;
    for (std::size_t i = 0; i < scenario.edge_servers.size(); ++i) {
      servers.push_back(std::make_unique<agents::EdgeServer>(
          scenario, i, world, policies::make_policy(scenario.edge_servers[i], scenario), vehicles, access, driver,
          replicas.empty() ? nullptr : replicas[i].get(), reputation_spec.enabled ? &reputations[i] : nullptr,
          tables));
      agents::EdgeServer* server = servers.back().get();
      sg4::Actor::create(scenario.edge_servers[i].name, world.server_host(i), [server] { (*server)(); });
    }

    Progress progress(options.progress, scenario.duration, scenario.market.round_period);
    sg4::Actor::create("progress", world.cloud_host(), [&progress, &scenario] {
      for (;;) {
        progress.update(sg4::Engine::get_clock());
        sg4::this_actor::sleep_for(scenario.market.round_period);
      }
    })->daemonize();

    core::catch_stop_signals(/*only_once=*/true);  // a second Ctrl-C stops at once
    engine.run();
    core::release_stop_signals();

    outcome.sim_time = sg4::Engine::get_clock();
    // What reached the cloud over the backhauls: a check on the market as a whole.
    core::h5::write_attribute(file.root(), "cloud_reports", cloud.reports());
    core::h5::write_attribute(file.root(), "cloud_megabytes", cloud.megabytes());
    for (std::size_t i = 0; i < replicas.size(); ++i) {
      const auto& chain = replicas[i]->chain();
      ledger_tables->replicas.append({static_cast<std::int64_t>(i), static_cast<std::int64_t>(chain.size()),
                                      chain.empty() ? std::string() : agents::ledger::to_hex(chain.back())});
    }
    for (const auto& s : servers)
      if (!s->error().empty()) outcome.error = s->error();
    outcome.stop_signal = std::max(0, core::g_stop_signal.load());
    outcome.status = !outcome.error.empty() ? "failed" : outcome.stop_signal ? "interrupted" : "complete";
    progress.finish(outcome.sim_time, outcome.status);
  } catch (const std::exception& e) {
    outcome.status = "failed";
    outcome.error = e.what();
  }

  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  core::h5::write_attribute(file.root(), "finished_at", utc_now());
  core::h5::write_attribute(file.root(), "sim_time", outcome.sim_time);
  core::h5::write_attribute(file.root(), "wall_seconds", outcome.wall_seconds);
  if (!outcome.error.empty()) core::h5::write_attribute(file.root(), "error", outcome.error);
  file.finish(outcome.status);
  return outcome;
}

}  // namespace vsm::app
