#include "policies/learned/ppo.hpp"

#include <cmath>
#include <numbers>

namespace vsm::policies::learned {
namespace nn = torch::nn;

torch::Tensor gae(const torch::Tensor& rewards, const torch::Tensor& values, const torch::Tensor& dones,
                  const torch::Tensor& last_value, double discount, double lambda) {
  auto advantages = torch::zeros_like(rewards);
  auto next_value = last_value;
  auto next_advantage = torch::zeros_like(last_value);
  for (auto t = rewards.size(0) - 1; t >= 0; --t) {
    auto alive = 1 - dones[t];
    auto delta = rewards[t] + discount * alive * next_value - values[t];
    next_advantage = delta + discount * lambda * alive * next_advantage;
    advantages[t] = next_advantage;
    next_value = values[t];
  }
  return advantages;
}

torch::Tensor clipped_surrogate_loss(const torch::Tensor& logp_new, const torch::Tensor& logp_old,
                                     const torch::Tensor& advantages, double clip) {
  auto ratio = torch::exp(logp_new - logp_old);
  return -torch::min(ratio * advantages, ratio.clamp(1 - clip, 1 + clip) * advantages).mean();
}

GaussianActorCriticImpl::GaussianActorCriticImpl(std::int64_t state_size, std::int64_t action_size,
                                                 std::int64_t hidden, double log_std_init) {
  auto mlp = [&](std::int64_t out) {
    return nn::Sequential(nn::Linear(state_size, hidden), nn::Tanh(), nn::Linear(hidden, hidden), nn::Tanh(),
                          nn::Linear(hidden, out));
  };
  actor = register_module("actor", mlp(action_size));
  critic = register_module("critic", mlp(1));
  log_std = register_parameter("log_std", torch::full({action_size}, log_std_init));
}

torch::Tensor GaussianActorCriticImpl::log_prob(const torch::Tensor& mean, const torch::Tensor& action) const {
  auto z = (action - mean) / log_std.exp();
  return (-0.5 * z.pow(2) - log_std - 0.5 * std::log(2 * std::numbers::pi)).sum(1);
}

torch::Tensor GaussianActorCriticImpl::entropy() const {
  return (log_std + 0.5 * (1 + std::log(2 * std::numbers::pi))).sum();
}

Ppo::Ppo(const PpoConfig& config, std::int64_t state_size, std::int64_t action_size)
    : config_(config),
      net_(state_size, action_size, config.hidden, config.log_std_init),
      optimizer_(net_->parameters(), torch::optim::AdamOptions(config.lr).eps(1e-5)) {}

torch::Tensor Ppo::act(const torch::Tensor& features, torch::Generator& generator, bool explore) {
  torch::NoGradGuard no_grad;
  auto mean = net_->mean(features);
  if (!explore) return mean.clamp(-1, 1);
  return mean + net_->log_std.exp() * torch::randn(mean.sizes(), generator, torch::TensorOptions());
}

EpochLosses Ppo::train_epoch(const ContractEnv& env, std::uint64_t seed, std::int64_t epoch) {
  auto generator = make_generator(seed, "ppo.epoch" + std::to_string(epoch));
  EpochLosses losses;
  for (std::int64_t u = 0; u < config_.updates_per_epoch; ++u) {
    // Rollout: a batch of one-step episodes.
    auto states = env.sample_states(config_.rollout_states, seed,
                                    "ppo.states" + std::to_string(epoch) + "." + std::to_string(u));
    auto features = env.features(states);
    auto actions = act(features, generator, /*explore=*/true);
    update(features, actions, env.contract_utility(states, actions).to(torch::kFloat32), generator, losses);
  }
  losses.actor /= static_cast<double>(losses.updates);
  losses.critic /= static_cast<double>(losses.updates);
  return losses;
}

EpochLosses Ppo::learn(const torch::Tensor& features, const torch::Tensor& actions, const torch::Tensor& rewards,
                       std::uint64_t seed, std::int64_t epoch) {
  auto generator = make_generator(seed, "ppo.epoch" + std::to_string(epoch));
  EpochLosses losses;
  update(features, actions.to(torch::kFloat32), rewards.to(torch::kFloat32), generator, losses);
  losses.actor /= static_cast<double>(losses.updates);
  losses.critic /= static_cast<double>(losses.updates);
  return losses;
}

void Ppo::update(const torch::Tensor& features, const torch::Tensor& actions, const torch::Tensor& rewards,
                 torch::Generator& generator, EpochLosses& losses) {
  torch::Tensor logp_old, values;
  {
    torch::NoGradGuard no_grad;
    logp_old = net_->log_prob(net_->mean(features), actions);
    values = net_->value(features);
  }
  auto ones = torch::ones({1, rewards.size(0)});
  auto advantages = gae(rewards.unsqueeze(0), values.unsqueeze(0), ones, torch::zeros_like(values), config_.discount,
                        config_.gae_lambda)[0];
  auto returns = advantages + values;

  const auto n = rewards.size(0);
  for (std::int64_t e = 0; e < config_.update_epochs; ++e) {
    auto order = torch::randperm(n, generator, torch::TensorOptions().dtype(torch::kLong));
    for (std::int64_t start = 0; start < n; start += config_.minibatch) {
      auto idx = order.narrow(0, start, std::min(config_.minibatch, n - start));
      auto adv = advantages.index_select(0, idx);
      adv = (adv - adv.mean()) / (adv.std() + 1e-8);
      auto f = features.index_select(0, idx);
      auto logp = net_->log_prob(net_->mean(f), actions.index_select(0, idx));
      auto actor_loss = clipped_surrogate_loss(logp, logp_old.index_select(0, idx), adv, config_.clip);
      auto critic_loss = torch::mse_loss(net_->value(f), returns.index_select(0, idx));
      auto loss = actor_loss + config_.value_coef * critic_loss - config_.entropy_coef * net_->entropy();
      optimizer_.zero_grad();
      loss.backward();
      nn::utils::clip_grad_norm_(net_->parameters(), config_.max_grad_norm);
      optimizer_.step();
      losses.actor += actor_loss.item<double>();
      losses.critic += critic_loss.item<double>();
      ++losses.updates;
    }
  }
}

void Ppo::scale_learning_rates(double scale) {
  set_learning_rate<torch::optim::AdamOptions>(optimizer_, config_.lr * scale);
}

void Ppo::save(torch::serialize::OutputArchive& archive, bool training_state) const {
  save_part(archive, "net", *net_);
  if (training_state) save_part(archive, "optimizer", optimizer_);
}

void Ppo::load(torch::serialize::InputArchive& archive, bool training_state) {
  load_part(archive, "net", *net_);
  if (training_state) load_part(archive, "optimizer", optimizer_);
}

}  // namespace vsm::policies::learned
