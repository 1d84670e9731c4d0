#include "policies/learned/learned_contract.hpp"

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "policies/learned/model_file.hpp"
#include "core/input_error.hpp"

namespace vsm::policies::learned {

struct LearnedContract::Model {
  ModelFile file;
  ContractEnv env;
  torch::Generator generator;
};

std::vector<std::string> LearnedContract::Params::acting() const {
  std::vector<std::string> acting;
  if (action_candidates) acting.push_back("gdm.action_candidates=" + std::to_string(*action_candidates));
  if (acting_noise)
    acting.push_back("gdm.acting_noise=" + (std::ostringstream() << std::setprecision(17) << *acting_noise).str());
  return acting;
}

LearnedContract::Params LearnedContract::Params::read(core::MapReader& params, const PolicyContext& context,
                                                      const std::string& kind) {
  Params p;
  p.kind = kind;
  // A relative path is relative to the scenario file, so a scenario runs from anywhere.
  std::filesystem::path path = params.text("model");
  const auto& source = params.document().name();
  if (path.is_relative() && std::filesystem::exists(source)) path = std::filesystem::path(source).parent_path() / path;
  p.model = std::filesystem::absolute(path).lexically_normal().string();
  if (kind == "gdm") {
    if (params.has("action_candidates"))
      p.action_candidates = params.integer("action_candidates", core::Bounds::at_least(1));
    if (params.has("acting_noise")) p.acting_noise = params.number("acting_noise", core::Bounds::between(0, 1));
  }
  ModelFile file;
  try {
    file = load_model_file(p.model, false, p.acting());
  } catch (const core::InputError& e) {
    params.fail("model", e.what());
  }
  if (file.config.policy != kind)
    params.fail("model", p.model + " is a " + file.config.policy + " model; contract." + kind + " needs a " + kind + " one");
  const auto& scenario = context.scenario;
  const auto& env = file.config.env;
  if (env.types() != static_cast<std::int64_t>(scenario.vehicles.types.size()))
    params.fail("model", "trained for " + std::to_string(env.types()) + " user types; the scenario has " +
                             std::to_string(scenario.vehicles.types.size()));
  if (env.cost.kind != scenario.market.cost.kind ||
      (env.cost.kind == "screening" && env.cost.cost_scale != scenario.market.cost.cost_scale))
    params.fail("model", "trained for cost_model " + env.cost.kind + "; the scenario's market.cost_model is " +
                             scenario.market.cost.kind);
  for (const auto& server : scenario.edge_servers) {
    if (server.name != context.server) continue;
    const auto& a = server.valuation;
    const auto& b = env.valuation;
    if (a.a1 != b.a1 || a.a2 != b.a2 || a.b1 != b.b1 || a.b2 != b.b2)
      params.fail("model", "trained for the valuation a1 " + std::to_string(b.a1) + ", a2 " + std::to_string(b.a2) +
                               ", b1 " + std::to_string(b.b1) + ", b2 " + std::to_string(b.b2) + "; server " +
                               server.name + "'s differs");
  }
  return p;
}

void LearnedContract::Params::write(YAML::Emitter& out) const {
  out << YAML::Key << "model" << YAML::Value << model;
  if (action_candidates) out << YAML::Key << "action_candidates" << YAML::Value << *action_candidates;
  if (acting_noise) out << YAML::Key << "acting_noise" << YAML::Value << *acting_noise;
}

// The model as checked when the scenario was read (Params::read).
LearnedContract::LearnedContract(const Params& params, const PolicyContext& context) : kind_(params.kind) {
  ModelFile file = load_model_file(params.model, false, params.acting());
  ContractEnv model_env(file.config.env);
  model_ = std::make_unique<Model>(
      Model{std::move(file), std::move(model_env), make_generator(context.scenario.seed, "policy." + context.server)});
}

LearnedContract::~LearnedContract() = default;

Offer LearnedContract::offer(const MarketState& market) {
  torch::InferenceMode inference;
  auto state = model_->env.state_of(market);
  auto action = model_->file.learner->act(model_->env.features(state), model_->generator, /*explore=*/false);
  return model_->env.menu(state[0], action[0]);
}

}  // namespace vsm::policies::learned
