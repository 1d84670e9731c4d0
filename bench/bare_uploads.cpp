// The bare engine's share of a vsm run: the same SimGrid platform (sim::World, built from the
// scenario the run recorded) carrying the same uploads (/uploads: server, start time, size,
// radio rate at the start; a lost upload cancelled when vsm lost it), and nothing else: no
// market, no messages, no mobility, no ledger, no output. bench/bare_ratio.sh divides vsm's
// wall by this program's.
//
//   vsm_bare_uploads RESULT.h5              prints "<uploads> uploads in <seconds> s"
//   vsm_bare_uploads --messages RESULT.h5   the market's messages as well, appending
//                                           "(<messages> messages)"
//
// Each server's uploads are started by one actor, round after round, as vsm's server starts
// them: a round's in start order, then it waits for them all (/trades' round of each upload's
// row). With wifi they start from the station of the rate level they started at in the run,
// with fixed_rate from the zone's stations in turn. With --messages a second actor per server
// sends, from each round's start (/rounds: t, accepted + declined), an offer to a station (wifi:
// the slowest level's) and waits for it, then a reply back and waits for it, one vehicle after
// the other, as vsm's server asks its vehicles (market.message_bytes each way), host to host as
// vsm does.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <simgrid/s4u.hpp>
#include <vector>

#include "analysis/result_reader.hpp"
#include "app/features.hpp"
#include "core/yaml_reader.hpp"
#include "sim/coverage.hpp"
#include "sim/world.hpp"

namespace sg4 = simgrid::s4u;

namespace {

struct Upload {
  std::int64_t round = 0;
  double start = 0, lost_at = -1;  // lost_at >= 0: cancelled then
  std::uint64_t bytes = 0;
  int level = 0;
};

// Where the next transfer at rate level `level` starts: wifi has a station per level, fixed_rate
// a pool taken in turn.
sg4::Host* station(const vsm::sim::World& world, std::size_t server, int level, std::size_t& next) {
  const auto& stations = world.stations(server);
  return world.radio().wifi() ? stations[static_cast<std::size_t>(level)] : stations[next++ % stations.size()];
}

// Starts a round's uploads in order and waits for them, cancelling the lost ones on time.
void replay_round(const vsm::sim::World& world, std::size_t server, std::span<const Upload> uploads,
                  std::size_t& next_station) {
  std::vector<std::pair<double, sg4::CommPtr>> to_cancel;  // (when, comm), soonest last
  std::vector<sg4::CommPtr> flying;
  auto cancel_until = [&](double t) {
    while (!to_cancel.empty() && to_cancel.back().first <= t) {
      sg4::this_actor::sleep_until(to_cancel.back().first);
      to_cancel.back().second->cancel();
      to_cancel.pop_back();
    }
  };
  for (const Upload& u : uploads) {
    cancel_until(u.start);
    sg4::this_actor::sleep_until(u.start);
    auto comm = sg4::Comm::sendto_async(station(world, server, u.level, next_station), world.server_host(server), u.bytes);
    flying.push_back(comm);
    if (u.lost_at >= 0) {
      to_cancel.emplace_back(u.lost_at, comm);
      std::sort(to_cancel.begin(), to_cancel.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    }
  }
  cancel_until(std::numeric_limits<double>::infinity());
  for (auto& comm : flying) {
    try {
      comm->wait();
    } catch (const simgrid::Exception&) {  // cancelled: lost
    }
  }
}

// A server's uploads, sorted by round, one round after the other.
void replay(const vsm::sim::World& world, std::size_t server, const std::vector<Upload>& uploads) {
  std::size_t next_station = 0;
  for (auto first = uploads.begin(); first != uploads.end();) {
    const auto end = std::find_if(first, uploads.end(), [&](const Upload& u) { return u.round != first->round; });
    replay_round(world, server, std::span(first, end), next_station);
    first = end;
  }
}

// A round's questions: `asked` offers and replies, one vehicle after the other, from time t.
struct Round {
  double t = 0;
  std::int64_t asked = 0;
};

void ask(const vsm::sim::World& world, std::size_t server, const std::vector<Round>& rounds, std::uint64_t bytes) {
  const int slowest = static_cast<int>(world.radio().level_rates().size()) - 1;
  std::size_t next_station = 0;
  for (const Round& round : rounds) {
    sg4::this_actor::sleep_until(round.t);
    for (std::int64_t i = 0; i < round.asked; ++i) {
      sg4::Host* vehicle = station(world, server, slowest, next_station);
      sg4::Comm::sendto(world.server_host(server), vehicle, bytes);
      sg4::Comm::sendto(vehicle, world.server_host(server), bytes);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool messages = argc == 3 && std::string(argv[1]) == "--messages";
  if (argc != 2 && !messages) {
    std::fprintf(stderr, "usage: vsm_bare_uploads [--messages] RESULT.h5\n");
    return 2;
  }
  const char* path = argv[argc - 1];
  const vsm::analysis::ResultReader result(path);
  const auto doc = vsm::core::YamlDocument::load_string(result.scenario_yaml(), path);
  const vsm::sim::Scenario scenario = vsm::sim::read_scenario(doc, vsm::app::scenario_schema());
  const std::vector<std::size_t> stations = vsm::sim::peak_load(scenario);  // the same pools as the run

  const auto server = result.integers("uploads", "server");
  const auto round = result.integers("trades", "round");  // a trade's row, an upload's row: one deal
  const auto start = result.doubles("uploads", "t_start");
  const auto end = result.doubles("uploads", "t_end");
  const auto megabytes = result.doubles("uploads", "megabytes");
  const auto outcome = result.integers("uploads", "outcome");
  const auto rate = result.doubles("uploads", "rate_mbps");
  if (round.size() != server.size()) {
    std::fprintf(stderr, "vsm_bare_uploads: %s: /trades and /uploads differ in length\n", path);
    return 2;
  }
  std::vector<std::vector<Round>> rounds(scenario.edge_servers.size());  // with --messages
  std::int64_t asked = 0;
  if (messages) {
    const auto t = result.doubles("rounds", "t");
    const auto server_of_round = result.integers("rounds", "server");
    const auto accepted = result.integers("rounds", "accepted"), declined = result.integers("rounds", "declined");
    for (std::size_t i = 0; i < t.size(); ++i) {
      rounds[static_cast<std::size_t>(server_of_round[i])].push_back({t[i], accepted[i] + declined[i]});
      asked += accepted[i] + declined[i];
    }
  }

  const auto began = std::chrono::steady_clock::now();
  int engine_argc = 3;
  char name[] = "bare", log[] = "--log=root.thresh:warning", model[] = "--cfg=network/model:CM02";
  char* engine_argv[] = {name, log, model, nullptr};
  sg4::Engine engine(&engine_argc, engine_argv);
  const vsm::sim::World world(scenario, stations);
  const auto& levels = world.radio().level_rates();
  std::vector<std::vector<Upload>> by_server(world.server_count());
  std::size_t count = 0;
  for (std::size_t i = 0; i < server.size(); ++i) {
    if (rate[i] <= 0) continue;  // vsm never started it: the vehicle had left
    Upload u;
    u.round = round[i];
    u.start = start[i];
    u.lost_at = outcome[i] == 1 ? end[i] : -1;
    u.bytes = static_cast<std::uint64_t>(std::llround(megabytes[i] * 1e6));
    u.level = static_cast<int>(std::find(levels.begin(), levels.end(), rate[i]) - levels.begin());
    if (u.level >= static_cast<int>(levels.size())) u.level = 0;  // fixed_rate: one level
    by_server[static_cast<std::size_t>(server[i])].push_back(u);
    ++count;
  }
  for (std::size_t s = 0; s < by_server.size(); ++s) {
    std::stable_sort(by_server[s].begin(), by_server[s].end(), [](const Upload& a, const Upload& b) {
      return a.round != b.round ? a.round < b.round : a.start < b.start;
    });
    sg4::Actor::create("server-" + std::to_string(s), world.server_host(s),
                       [&world, s, &by_server] { replay(world, s, by_server[s]); });
  }
  const auto bytes = static_cast<std::uint64_t>(std::llround(scenario.market.message_bytes));
  for (std::size_t s = 0; s < rounds.size(); ++s)
    if (!rounds[s].empty())
      sg4::Actor::create("asking-" + std::to_string(s), world.server_host(s),
                         [&world, s, &rounds, bytes] { ask(world, s, rounds[s], bytes); });
  engine.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  if (messages)
    std::printf("%zu uploads in %.2f s (%lld messages)\n", count, wall, static_cast<long long>(2 * asked));
  else
    std::printf("%zu uploads in %.2f s\n", count, wall);
  return 0;
}
