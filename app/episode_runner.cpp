#include "app/episode_runner.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include "analysis/result_reader.hpp"
#include "app/child_process.hpp"
#include "app/scenario_loading.hpp"
#include "core/input_error.hpp"

namespace vsm::app {
namespace learned = policies::learned;

learned::EnvConfig environment_of_scenario(const sim::Scenario& scenario, learned::EnvConfig env) {
  if (scenario.edge_servers.empty()) throw core::InputError(scenario.name + ": no edge servers to train");
  env.theta_ranges.clear();
  for (const auto& type : scenario.vehicles.types) env.theta_ranges.push_back(type.theta_range);
  const auto& v = scenario.edge_servers.front().valuation;
  for (const auto& server : scenario.edge_servers) {
    const auto& w = server.valuation;
    if (w.a1 != v.a1 || w.a2 != v.a2 || w.b1 != v.b1 || w.b2 != v.b2)
      throw core::InputError(scenario.name + ": server " + server.name + "'s valuation differs from " +
                             scenario.edge_servers.front().name + "'s; one model serves every server");
  }
  env.valuation = v;
  env.cost = scenario.market.cost;
  env.latency_max = {scenario.market.latency_max, scenario.market.latency_max};
  if (env.latency_min >= scenario.market.latency_max)
    throw core::InputError("env.latency_min " + std::to_string(env.latency_min) + " must be below the scenario's " +
                           "market.latency_max " + std::to_string(scenario.market.latency_max));
  // M's feature scale: about the most vehicles one server serves.
  const double per_server = static_cast<double>(scenario.vehicles.count) / static_cast<double>(scenario.edge_servers.size());
  env.vehicles = {1, std::max(1.0, std::ceil(2 * per_server))};
  env.network = true;
  return env;
}

namespace {

learned::EpisodeResult read_episode(const std::string& path) {
  analysis::ResultReader file(path);
  if (const auto status = file.status(); status != "complete")
    throw std::runtime_error(path + ": the run ended " + status);
  learned::EpisodeResult result;
  const auto round = file.integers("trades", "round"), server = file.integers("trades", "server"),
             vehicle = file.integers("trades", "vehicle");
  const auto utility = file.doubles("trades", "server_utility");
  for (std::size_t i = 0; i < round.size(); ++i) result.trades.push_back({round[i], server[i], vehicle[i], utility[i]});
  const auto rounds = file.integers("rounds", "round");
  result.rounds = static_cast<std::int64_t>(std::set<std::int64_t>(rounds.begin(), rounds.end()).size());
  result.server_rounds = static_cast<std::int64_t>(rounds.size());
  for (double u : file.doubles("rounds", "server_utility")) result.utility += u;
  for (double b : file.doubles("rounds", "server_utility_bound")) result.bound += b;
  return result;
}

std::vector<std::string> episode_command(const learned::TrainConfig& config, std::size_t servers,
                                         const learned::Episode& episode) {
  std::vector<std::string> args = {vsm_executable(), "run", config.loop.scenario};
  for (const auto& o : config.loop.scenario_set) args.insert(args.end(), {"--set", o});
  std::string policy = "{name: contract." + config.policy + ", model: \"" + episode.model + "\", explore: " +
                       episode.explore;
  if (!episode.experience.empty()) policy += ", experience: \"" + episode.experience + "\"";
  policy += "}";
  for (std::size_t i = 0; i < servers; ++i)
    args.insert(args.end(), {"--set", "edge_servers." + std::to_string(i) + ".policy=" + policy});
  args.insert(args.end(), {"--seed", std::to_string(episode.seed), "-o", episode.result, "--force", "-q"});
  return args;
}

}  // namespace

learned::LoopRunner episode_runner(const std::string& work_dir, bool keep) {
  // The scenario is read on the first call only: every run gives the model to all its servers.
  auto run = [keep, servers = std::size_t{0}](const learned::TrainConfig& config,
                                              const std::vector<learned::Episode>& episodes) mutable {
    if (servers == 0)
      servers = load_scenario(config.loop.scenario, config.loop.scenario_set, std::nullopt).edge_servers.size();
    std::map<pid_t, std::size_t> running;
    std::vector<std::string> failures(episodes.size());
    std::size_t next = 0;
    while (next < episodes.size() || !running.empty()) {
      while (next < episodes.size() && running.size() < static_cast<std::size_t>(config.loop.jobs)) {
        const auto& e = episodes[next];
        running[start_logged(episode_command(config, servers, e), e.result + ".log")] = next;
        ++next;
      }
      int status = 0;
      const pid_t pid = waitpid(-1, &status, 0);
      if (pid < 0) {
        if (errno == EINTR) continue;  // a stop signal: the children got it too and finish
        throw std::runtime_error(std::string("waiting for a training run failed: ") + std::strerror(errno));
      }
      const auto found = running.find(pid);
      if (found == running.end()) continue;
      if (const int code = exit_code(status); code != 0) {
        const auto& e = episodes[found->second];
        failures[found->second] = "training run (seed " + std::to_string(e.seed) + ") failed with exit code " +
                                  std::to_string(code) + ": " + last_line(e.result + ".log");
      }
      running.erase(found);
    }
    for (const auto& failure : failures)
      if (!failure.empty()) throw std::runtime_error(failure);
    std::vector<learned::EpisodeResult> results;
    for (const auto& e : episodes) {
      results.push_back(read_episode(e.result));
      if (!keep) std::filesystem::remove(e.result + ".log");
    }
    return results;
  };
  return {run, work_dir, keep};
}

}  // namespace vsm::app
