#include "policies/learned/learned_config.hpp"

namespace vsm::policies::learned {
namespace {

using core::Bounds;

std::array<double, 2> range(core::MapReader& map, const std::string& key, std::array<double, 2> fallback,
                            Bounds bounds) {
  // A number means a fixed value; [low, high] a uniform draw.
  if (map.has(key) && map.node(key).IsScalar()) {
    double v = map.number(key, bounds);
    return {v, v};
  }
  auto v = map.numbers(key, {fallback[0], fallback[1]}, bounds);
  if (v[0] > v[1]) map.fail(key, "range [low, high] has low > high");
  return {v[0], v[1]};
}

EnvConfig read_env(core::MapReader env) {
  EnvConfig c;
  if (env.has("types")) {
    c.theta_ranges.clear();
    const auto node = env.node("types");
    if (!node.IsSequence() || node.size() < 1)
      env.fail("types", "must be a list of theta ranges [low, high], one per user type");
    env.claim("types");
    for (std::size_t i = 0; i < node.size(); ++i) {
      const auto& r = node[i];
      auto fail = [&] {
        env.document().fail(env.path_of("types") + "." + std::to_string(i), r,
                            "must be a range [low, high] with 0 < low <= high");
      };
      if (!r.IsSequence() || r.size() != 2) fail();
      double low = 0, high = 0;
      if (!YAML::convert<double>::decode(r[0], low) || !YAML::convert<double>::decode(r[1], high)) fail();
      if (low <= 0 || low > high) fail();
      c.theta_ranges.push_back({low, high});
    }
    for (std::size_t i = 1; i < c.theta_ranges.size(); ++i)
      if (c.theta_ranges[i][0] < c.theta_ranges[i - 1][1])
        env.fail("types", "ranges must be sorted and not overlap (theta_1 <= ... <= theta_N)");
  }
  c.vehicles = range(env, "vehicles", c.vehicles, Bounds::at_least(1));
  c.latency_max = range(env, "latency_max", c.latency_max, Bounds::positive());
  c.latency_min = env.number("latency_min", c.latency_min, Bounds::positive());
  if (c.latency_min >= c.latency_max[0]) env.fail("latency_min", "must be below latency_max");
  c.reward_max = env.number("reward_max", c.reward_max, Bounds::positive());
  auto v = env.map("valuation");
  c.valuation.a1 = v.number("a1", c.valuation.a1, Bounds::at_least(0));
  c.valuation.a2 = v.number("a2", c.valuation.a2, Bounds::positive());
  c.valuation.b1 = v.number("b1", c.valuation.b1, Bounds::positive());
  c.valuation.b2 = v.number("b2", c.valuation.b2, Bounds::positive());
  v.finish();
  c.cost.kind = env.choice("cost_model", c.cost.kind, {"paper", "screening"});
  c.cost.cost_scale = env.number("cost_scale", c.cost.cost_scale, Bounds::positive());
  c.network = env.flag("network", c.network);
  env.finish();
  return c;
}

GdmConfig read_gdm(core::MapReader m) {
  GdmConfig c;
  c.hidden = m.integer("hidden", c.hidden, Bounds::at_least(1));
  c.diffusion_steps = m.integer("diffusion_steps", c.diffusion_steps, Bounds::at_least(1));
  c.schedule = m.choice("schedule", c.schedule, {"vp", "linear", "cosine"});
  if (c.schedule == "linear") c.beta_min = 1e-4, c.beta_max = 2e-2;
  c.beta_min = m.number("beta_min", c.beta_min, Bounds::positive());
  c.beta_max = m.number("beta_max", c.beta_max, Bounds::positive());
  if (c.beta_min > c.beta_max) m.fail("beta_min", "must not exceed beta_max");
  c.actor_lr = m.number("actor_lr", c.actor_lr, Bounds::positive());
  c.critic_lr = m.number("critic_lr", c.critic_lr, Bounds::positive());
  c.weight_decay = m.number("weight_decay", c.weight_decay, Bounds::at_least(0));
  c.tau = m.number("tau", c.tau, Bounds::between(0, 1));
  c.discount = m.number("discount", c.discount, Bounds::between(0, 1));
  c.exploration_noise = m.number("exploration_noise", c.exploration_noise, Bounds::at_least(0));
  c.bc_weight = m.number("bc_weight", c.bc_weight, Bounds::at_least(0));
  c.q_weight = m.number("q_weight", c.q_weight, Bounds::at_least(0));
  c.bc_temperature = m.number("bc_temperature", c.bc_temperature, Bounds::at_least(0));
  c.bc_updates = m.integer("bc_updates", c.bc_updates, Bounds::at_least(0));
  c.clamp = m.choice("clamp", c.clamp, {"straight_through", "hard"});
  c.value_expectile = m.number("value_expectile", c.value_expectile, Bounds::between(0, 1));
  c.critic_warmup_updates = m.integer("critic_warmup_updates", c.critic_warmup_updates, Bounds::at_least(0));
  c.critic_updates = m.integer("critic_updates", c.critic_updates, Bounds::at_least(1));
  c.action_candidates = m.integer("action_candidates", c.action_candidates, Bounds::at_least(1));
  c.acting_noise = m.number("acting_noise", c.acting_noise, Bounds::between(0, 1));
  c.batch = m.integer("batch", c.batch, Bounds::at_least(1));
  c.replay_size = m.integer("replay_size", c.replay_size, Bounds::at_least(1));
  c.updates_per_epoch = m.integer("updates_per_epoch", c.updates_per_epoch, Bounds::at_least(1));
  c.states_per_update = m.integer("states_per_update", c.states_per_update, Bounds::at_least(1));
  c.warmup_states = m.integer("warmup_states", c.warmup_states, Bounds::at_least(1));
  m.finish();
  return c;
}

LoopConfig read_loop(core::MapReader m) {
  LoopConfig c;
  c.scenario = m.text("scenario", c.scenario);
  if (m.has("scenario_set")) {
    const auto node = m.node("scenario_set");
    if (!node.IsSequence()) m.fail("scenario_set", "must be a list of KEY=VALUE overrides of the scenario");
    m.claim("scenario_set");
    for (const auto& item : node) {
      if (!item.IsScalar()) m.fail("scenario_set", "must be a list of KEY=VALUE overrides of the scenario");
      c.scenario_set.push_back(item.Scalar());
    }
  }
  c.episodes_per_epoch = m.integer("episodes_per_epoch", c.episodes_per_epoch, Bounds::at_least(1));
  auto seeds = m.number_list("validation_seeds", {901, 902}, 1, 64, Bounds::at_least(1));
  c.validation_seeds.assign(seeds.begin(), seeds.end());
  c.jobs = m.integer("jobs", c.jobs, Bounds::at_least(1));
  m.finish();
  return c;
}

PpoConfig read_ppo(core::MapReader m) {
  PpoConfig c;
  c.hidden = m.integer("hidden", c.hidden, Bounds::at_least(1));
  c.lr = m.number("lr", c.lr, Bounds::positive());
  c.discount = m.number("discount", c.discount, Bounds::between(0, 1));
  c.gae_lambda = m.number("gae_lambda", c.gae_lambda, Bounds::between(0, 1));
  c.clip = m.number("clip", c.clip, Bounds::positive());
  c.value_coef = m.number("value_coef", c.value_coef, Bounds::at_least(0));
  c.entropy_coef = m.number("entropy_coef", c.entropy_coef, Bounds::at_least(0));
  c.log_std_init = m.number("log_std_init", c.log_std_init);
  c.max_grad_norm = m.number("max_grad_norm", c.max_grad_norm, Bounds::positive());
  c.rollout_states = m.integer("rollout_states", c.rollout_states, Bounds::at_least(1));
  c.update_epochs = m.integer("update_epochs", c.update_epochs, Bounds::at_least(1));
  c.minibatch = m.integer("minibatch", c.minibatch, Bounds::at_least(1));
  c.updates_per_epoch = m.integer("updates_per_epoch", c.updates_per_epoch, Bounds::at_least(1));
  m.finish();
  return c;
}

}  // namespace

TrainConfig read_train_config(const core::YamlDocument& doc, const std::string& policy) {
  core::MapReader root(doc, doc.root(), "");
  TrainConfig c;
  c.policy = policy;
  c.epochs = root.integer("epochs", c.epochs, Bounds::at_least(1));
  c.test_states = root.integer("test_states", c.test_states, Bounds::at_least(1));
  c.threads = root.integer("threads", c.threads, Bounds::at_least(1));
  c.lr_schedule = root.choice("lr_schedule", c.lr_schedule, {"constant", "cosine"});
  c.env = read_env(root.map("env"));
  c.loop = read_loop(root.map("loop"));
  if (auto clash = training_seed_clash(c)) root.fail("loop", *clash);
  // Only the section of the policy being trained: the other one is an unknown key.
  if (policy == "gdm") c.gdm = read_gdm(root.map("gdm"));
  else c.ppo = read_ppo(root.map("ppo"));
  root.finish();
  return c;
}

std::string to_yaml(const TrainConfig& c) {
  YAML::Emitter out;
  out.SetDoublePrecision(17);
  auto pair = [&](auto a, auto b) { out << YAML::Flow << YAML::BeginSeq << a << b << YAML::EndSeq; };
  out << YAML::BeginMap;
  out << YAML::Key << "epochs" << YAML::Value << c.epochs;
  out << YAML::Key << "test_states" << YAML::Value << c.test_states;
  out << YAML::Key << "threads" << YAML::Value << c.threads;
  out << YAML::Key << "lr_schedule" << YAML::Value << c.lr_schedule;
  out << YAML::Key << "env" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "types" << YAML::Value << YAML::BeginSeq;
  for (const auto& r : c.env.theta_ranges) pair(r[0], r[1]);
  out << YAML::EndSeq;
  out << YAML::Key << "vehicles" << YAML::Value;
  pair(c.env.vehicles[0], c.env.vehicles[1]);
  out << YAML::Key << "latency_max" << YAML::Value;
  pair(c.env.latency_max[0], c.env.latency_max[1]);
  out << YAML::Key << "latency_min" << YAML::Value << c.env.latency_min;
  out << YAML::Key << "reward_max" << YAML::Value << c.env.reward_max;
  const auto& v = c.env.valuation;
  out << YAML::Key << "valuation" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "a1" << YAML::Value
      << v.a1 << YAML::Key << "a2" << YAML::Value << v.a2 << YAML::Key << "b1" << YAML::Value << v.b1 << YAML::Key
      << "b2" << YAML::Value << v.b2 << YAML::EndMap;
  out << YAML::Key << "cost_model" << YAML::Value << c.env.cost.kind;
  out << YAML::Key << "cost_scale" << YAML::Value << c.env.cost.cost_scale;
  out << YAML::Key << "network" << YAML::Value << c.env.network;
  out << YAML::EndMap;
  out << YAML::Key << "loop" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "scenario" << YAML::Value << c.loop.scenario;
  out << YAML::Key << "scenario_set" << YAML::Value << YAML::Flow << c.loop.scenario_set;
  out << YAML::Key << "episodes_per_epoch" << YAML::Value << c.loop.episodes_per_epoch;
  out << YAML::Key << "validation_seeds" << YAML::Value << YAML::Flow << c.loop.validation_seeds;
  out << YAML::Key << "jobs" << YAML::Value << c.loop.jobs;
  out << YAML::EndMap;
  auto key = [&](const char* name, auto value) { out << YAML::Key << name << YAML::Value << value; };
  out << YAML::Key << c.policy << YAML::Value << YAML::BeginMap;
  if (c.policy == "gdm") {
    const auto& g = c.gdm;
    key("hidden", g.hidden), key("diffusion_steps", g.diffusion_steps), key("schedule", g.schedule);
    key("beta_min", g.beta_min), key("beta_max", g.beta_max), key("actor_lr", g.actor_lr);
    key("critic_lr", g.critic_lr), key("weight_decay", g.weight_decay), key("tau", g.tau);
    key("discount", g.discount), key("exploration_noise", g.exploration_noise), key("bc_weight", g.bc_weight);
    key("q_weight", g.q_weight), key("bc_temperature", g.bc_temperature);
    key("bc_updates", g.bc_updates), key("value_expectile", g.value_expectile), key("clamp", g.clamp);
    key("critic_warmup_updates", g.critic_warmup_updates);
    key("critic_updates", g.critic_updates), key("action_candidates", g.action_candidates);
    key("acting_noise", g.acting_noise), key("batch", g.batch), key("replay_size", g.replay_size);
    key("updates_per_epoch", g.updates_per_epoch), key("states_per_update", g.states_per_update);
    key("warmup_states", g.warmup_states);
  } else {
    const auto& p = c.ppo;
    key("hidden", p.hidden), key("lr", p.lr), key("discount", p.discount), key("gae_lambda", p.gae_lambda);
    key("clip", p.clip), key("value_coef", p.value_coef), key("entropy_coef", p.entropy_coef);
    key("log_std_init", p.log_std_init), key("max_grad_norm", p.max_grad_norm);
    key("rollout_states", p.rollout_states), key("update_epochs", p.update_epochs), key("minibatch", p.minibatch);
    key("updates_per_epoch", p.updates_per_epoch);
  }
  out << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::optional<std::string> training_seed_clash(const TrainConfig& c) {
  // Training runs use seeds 1, 2, ...: they must never reach a held-out validation seed.
  const auto episodes = c.epochs * c.loop.episodes_per_epoch;
  for (auto seed : c.loop.validation_seeds)
    if (!c.loop.scenario.empty() && seed <= episodes)
      return "validation seed " + std::to_string(seed) + " is among the training seeds 1.." + std::to_string(episodes) +
             " (epochs x loop.episodes_per_epoch)";
  return std::nullopt;
}

TrainConfig read_train_config_file(const std::string& path, const std::string& policy,
                                   const std::vector<std::string>& overrides) {
  auto doc = core::YamlDocument::load_file(path);
  for (const auto& o : overrides) doc.apply_override(o);
  return read_train_config(doc, policy);
}

}  // namespace vsm::policies::learned
