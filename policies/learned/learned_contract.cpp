#include "policies/learned/learned_contract.hpp"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "policies/contract/airtime_plan.hpp"
#include "policies/learned/model_file.hpp"
#include "core/input_error.hpp"

namespace vsm::policies::learned {

struct LearnedContract::Model {
  ModelFile file;
  ContractEnv env;
  torch::Generator generator;
  std::vector<ServerView> servers;  // the coverage map: every server, by index
  std::optional<AirtimePlan> plan;   // a network model with paced sensing: the radio's air time
  std::ofstream experience;  // open when asked for

  // Raw actions for `states`, as Params::explore says.
  torch::Tensor act(const torch::Tensor& states, const std::string& explore) {
    if (explore == "uniform") return torch::rand({states.size(0), env.action_size()}, generator, torch::TensorOptions()) * 2 - 1;
    return file.learner->act(env.features(states), generator, explore == "noise");
  }
};

namespace {

std::string absolute_beside(const std::string& relative, const core::MapReader& params) {
  // A relative path is relative to the scenario file, so a scenario runs from anywhere.
  std::filesystem::path path = relative;
  const auto& source = params.document().name();
  if (path.is_relative() && std::filesystem::exists(source)) path = std::filesystem::path(source).parent_path() / path;
  return std::filesystem::absolute(path).lexically_normal().string();
}

}  // namespace

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
  p.model = absolute_beside(params.text("model"), params);
  p.explore = params.choice("explore", p.explore, {"none", "noise", "uniform"});
  if (params.has("experience")) {
    p.experience = absolute_beside(params.text("experience"), params);
    if (!std::filesystem::is_directory(p.experience)) params.fail("experience", p.experience + ": no such directory");
  }
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
  out << YAML::Key << "explore" << YAML::Value << explore;
  if (!experience.empty()) out << YAML::Key << "experience" << YAML::Value << experience;
}

// The model as checked when the scenario was read (Params::read).
LearnedContract::LearnedContract(const Params& params, const PolicyContext& context)
    : kind_(params.kind), explore_(params.explore) {
  ModelFile file = load_model_file(params.model, false, params.acting());
  ContractEnv model_env(file.config.env);
  model_ = std::make_unique<Model>(
      Model{std::move(file), std::move(model_env), make_generator(context.scenario.seed, "policy." + context.server), {}, {}, {}});
  for (const auto& server : context.scenario.edge_servers)
    model_->servers.push_back({{server.position[0], server.position[1]}, server.coverage_radius,
                               8 * context.scenario.vehicles.data_megabytes});
  if (model_->env.config().network && context.scenario.vehicles.sensing_paced)
    model_->plan.emplace(context.scenario, AirtimePlan::kDefaultShare);
  if (!params.experience.empty()) {
    const auto path = params.experience + "/" + context.server + ".bin";
    model_->experience.open(path, std::ios::binary | std::ios::trunc);
    if (!model_->experience) throw std::runtime_error(path + ": cannot write the policy's experience");
  }
}

LearnedContract::~LearnedContract() = default;

Offer LearnedContract::offer(const MarketState& market) {
  if (model_->env.config().network) return offer_each(market);
  torch::InferenceMode inference;
  auto state = model_->env.state_of(market);
  return model_->env.menu(state[0], model_->act(state, explore_)[0]);
}

Offer LearnedContract::offer_each(const MarketState& market) {
  torch::InferenceMode inference;
  const auto& env = model_->env;
  PersonalMenus offer;
  if (market.vehicles.empty()) return offer;
  auto states = env.vehicle_states(market, model_->servers);
  const auto count = states.size(0);
  auto actions = model_->act(states, explore_).to(torch::kFloat64).contiguous();
  const auto menus = env.menus(states, actions);
  const auto offers = env.offers(actions);
  for (std::size_t i = 0; i < menus.size(); ++i)
    offer.menus.push_back(offers[i] ? std::optional<ContractMenu>(menus[i]) : std::nullopt);
  if (model_->plan) fit_to_the_air(market, offer);
  if (model_->experience.is_open()) {
    auto ids = torch::empty({count, 3}, torch::kFloat64);
    auto id = ids.accessor<double, 2>();
    for (std::int64_t i = 0; i < count; ++i) {
      id[i][0] = static_cast<double>(market.round);
      id[i][1] = static_cast<double>(market.server);
      id[i][2] = static_cast<double>(market.vehicles[static_cast<std::size_t>(i)].id);
    }
    auto rows = torch::cat({ids, states, actions}, 1).contiguous();
    model_->experience.write(reinterpret_cast<const char*>(rows.data_ptr<double>()),
                             static_cast<std::streamsize>(rows.numel() * sizeof(double)));
    model_->experience.flush();
    if (!model_->experience) throw std::runtime_error("cannot write the policy's experience (disk full?)");
  }
  return offer;
}

void LearnedContract::fit_to_the_air(const MarketState& market, PersonalMenus& offer) {
  // As contract.coverage_aware does: the vehicles that need the least air first; a menu whose
  // uploads do not fit is capped lower until they do, or withdrawn.
  AirtimePlan& plan = *model_->plan;
  plan.forget_before(market.time);
  std::vector<double> air(market.vehicles.size());
  for (std::size_t i = 0; i < air.size(); ++i) air[i] = plan.air_time(market.vehicles[i], 0);
  std::vector<std::size_t> order(air.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return air[a] < air[b]; });
  for (std::size_t i : order) {
    auto& menu = offer.menus[i];
    if (!menu) continue;
    const auto& v = market.vehicles[i];
    const ExpectedUploads uploads = plan.uploads_of(*menu, market, v);
    if (plan.fits(uploads))
      plan.promise(uploads);
    else
      menu = plan.fit(*menu, market, v, market.latency_max, model_->env.config().latency_min);
  }
}

}  // namespace vsm::policies::learned
