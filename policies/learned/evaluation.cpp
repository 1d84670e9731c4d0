#include "policies/learned/evaluation.hpp"

#include <chrono>
#include <sstream>

#include "policies/learned/model_file.hpp"
#include "policies/learned/oracle.hpp"
#include "policies/contract/solver.hpp"
#include "core/input_error.hpp"

namespace vsm::policies::learned {
namespace {

// Everything that defines the environment, as text: two models share an environment iff equal.
std::string describe(const EnvConfig& e) {
  std::ostringstream out;
  out.precision(17);
  for (const auto& r : e.theta_ranges) out << "theta [" << r[0] << ", " << r[1] << "] ";
  out << "M [" << e.vehicles[0] << ", " << e.vehicles[1] << "] Lmax [" << e.latency_max[0] << ", "
      << e.latency_max[1] << "] latency_min " << e.latency_min << " reward_max " << e.reward_max << " a1 "
      << e.valuation.a1 << " a2 " << e.valuation.a2 << " b1 " << e.valuation.b1 << " b2 " << e.valuation.b2
      << " cost " << e.cost.kind << " " << e.cost.cost_scale;
  return out.str();
}

struct Spec {
  std::string kind, argument;
};

Spec parse(const std::string& spec) {
  auto colon = spec.find(':');
  Spec s{spec.substr(0, colon), colon == std::string::npos ? "" : spec.substr(colon + 1)};
  if (s.kind == "gdm" || s.kind == "ppo") {
    if (s.argument.empty()) throw core::InputError("--policy " + spec + ": give the model file, e.g. " + s.kind + ":model.pt");
  } else if (s.kind != "oracle" && s.kind != "fixed") {
    throw core::InputError("--policy " + spec + ": unknown policy (use gdm:MODEL, ppo:MODEL, oracle or fixed[:L1,R1,...])");
  }
  return s;
}

ContractMenu fixed_menu(const std::string& spec, const std::string& argument, std::int64_t types) {
  std::vector<double> v;
  if (argument.empty()) {
    v = {60, 1.6, 40, 2.8};
  } else {
    std::stringstream in(argument);
    for (std::string item; std::getline(in, item, ',');) {
      try {
        v.push_back(std::stod(item));
      } catch (const std::exception&) {
        throw core::InputError("--policy " + spec + ": \"" + item + "\" is not a number");
      }
    }
  }
  if (static_cast<std::int64_t>(v.size()) != 2 * types)
    throw core::InputError("--policy " + spec + ": give latency,reward for each of the " + std::to_string(types) +
                          " user types");
  ContractMenu menu;
  for (std::size_t i = 0; i < v.size(); i += 2) {
    if (v[i] <= 0) throw core::InputError("--policy " + spec + ": latencies must be positive");
    menu.items.push_back({v[i], v[i + 1]});
  }
  return menu;
}

}  // namespace

bool environment_of_models(const std::vector<std::string>& specs, EnvConfig& env) {
  for (const auto& text : specs) {
    auto spec = parse(text);
    if (spec.kind == "gdm" || spec.kind == "ppo") {
      env = load_model_file(spec.argument).config.env;
      if (env.network)
        throw core::InputError(spec.argument + ": trained inside a simulation; it acts per vehicle on what a server "
                                               "observes, not on the static environment: evaluate it with vsm run");
      return true;
    }
  }
  return false;
}

std::vector<PolicyScores> evaluate(const std::vector<std::string>& specs, const EnvConfig& env_config,
                                   std::int64_t count, std::uint64_t seed, const std::vector<std::string>& acting) {
  ContractEnv env(env_config);
  auto states = env.sample_states(count, seed, "eval");
  auto oracle = oracle_utility(env, states);
  const auto& v = env_config.valuation;
  std::vector<PolicyScores> results;
  for (const auto& text : specs) {
    auto spec = parse(text);
    PolicyScores scores;
    scores.policy = text;
    scores.pairs = count * env.types();
    auto start = std::chrono::steady_clock::now();
    std::vector<ContractMenu> offered, raw;
    if (spec.kind == "gdm" || spec.kind == "ppo") {
      auto model = load_model_file(spec.argument, false, acting);
      if (model.config.policy != spec.kind)
        throw core::InputError("--policy " + text + ": the model is a " + model.config.policy + " model");
      if (describe(model.config.env) != describe(env_config))
        throw core::InputError("--policy " + text + ": trained on another environment (" +
                              describe(model.config.env) + ") than the states evaluated (" + describe(env_config) + ")");
      torch::set_num_threads(static_cast<int>(model.config.threads));
      auto generator = make_generator(seed, "eval.noise");
      auto actions = model.learner->act(env.features(states), generator, /*explore=*/false);
      for (std::int64_t b = 0; b < count; ++b) {
        offered.push_back(env.menu(states[b], actions[b]));
        raw.push_back(env.raw_menu(states[b], actions[b]));
      }
    } else if (spec.kind == "oracle") {
      for (std::int64_t b = 0; b < count; ++b)
        offered.push_back(optimal_menu(env.type_space(states[b]), env.latency_max(states[b]), v));
    } else {
      offered.assign(static_cast<std::size_t>(count), fixed_menu(text, spec.argument, env.types()));
    }
    scores.act_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (std::int64_t b = 0; b < count; ++b) {
      auto types = env.type_space(states[b]);
      double utility = expected_server_utility(offered[b], types, env.latency_max(states[b]), v);
      scores.utility.push_back(utility);
      scores.regret.push_back(oracle[b].item<double>() - utility);
      auto bad = count_violations(env, states[b], offered[b]);
      scores.ir_violations += bad.ir;
      scores.ic_violations += bad.ic;
      auto bad_raw = raw.empty() ? bad : count_violations(env, states[b], raw[b]);
      scores.raw_ir_violations += bad_raw.ir;
      scores.raw_ic_violations += bad_raw.ic;
    }
    results.push_back(std::move(scores));
  }
  return results;
}

}  // namespace vsm::policies::learned
