#include "policies/learned/gdm.hpp"

#include "policies/learned/acting_chain.hpp"

#include "core/random_stream.hpp"

namespace vsm::policies::learned {
namespace nn = torch::nn;

namespace {

constexpr std::int64_t kTimeDim = 16;

// Mish, x tanh(softplus(x)), written with one exponential: with w = e^x and n = w (w + 2),
// tanh(softplus(x)) = n / (n + 2). Same values as torch::mish (to float rounding), but its
// tanh and log1p made them the costliest kernels of a training step; with this one a step
// went from 0.77 s to 0.55 s (bench/RESULTS.md).
struct FastMish : torch::autograd::Function<FastMish> {
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& x) {
    auto w = x.clamp_max(20).exp();  // above 20, tanh(softplus(x)) is 1 in float
    auto n = w * (w + 2);
    auto t = n / (n + 2);
    context->save_for_backward({x, w, t});
    return x * t;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list grad) {
    auto saved = context->get_saved_variables();
    const auto &x = saved[0], &w = saved[1], &t = saved[2];
    // d/dx [x tanh(sp(x))] = tanh(sp) + x (1 - tanh(sp)^2) sigmoid(x)
    return {grad[0] * (t + x * (1 - t * t) * (w / (1 + w)))};
  }
};

torch::Tensor fast_mish(const torch::Tensor& x) { return FastMish::apply(x); }

nn::Sequential mlp_branch(std::int64_t in, std::int64_t hidden, std::int64_t out) {
  return nn::Sequential(nn::Linear(in, hidden), nn::Mish(), nn::Linear(hidden, out));
}

// Smooth (Mish, as Diffusion-QL's critic): a ReLU network is piecewise linear in the action, so
// its maximum sits on a kink; with ReLU, the best of 16 samples by Q landed 0.01 past the optimal
// latency and the last epochs' regret was 4-6x higher (docs/research/learned-policies.md).
nn::Sequential q_head(std::int64_t in, std::int64_t hidden) {
  return nn::Sequential(nn::Linear(in, hidden), nn::Functional(fast_mish), nn::Linear(hidden, hidden),
                        nn::Functional(fast_mish), nn::Linear(hidden, 1));
}

void soft_update(nn::Module& target, const nn::Module& source, double tau) {
  torch::NoGradGuard no_grad;
  auto t = target.parameters();
  auto s = source.parameters();
  for (std::size_t i = 0; i < t.size(); ++i) t[i].mul_(1 - tau).add_(s[i], tau);
}

}  // namespace

torch::Tensor advantage_weights(const torch::Tensor& rewards, const torch::Tensor& values, double temperature) {
  auto exponent = ((rewards - values) / temperature).clamp_max(10);
  auto weight = (exponent - exponent.max()).exp();  // the largest is 1: no overflow, no 0 / 0
  return weight / weight.mean();
}

torch::Tensor expectile_loss(const torch::Tensor& targets, const torch::Tensor& estimates, double tau) {
  auto u = targets - estimates;
  return ((tau - (u < 0).to(u.scalar_type())).abs() * u.pow(2)).mean();
}

torch::Generator make_generator(std::uint64_t seed, std::string_view name) {
  return at::make_generator<at::CPUGeneratorImpl>(core::RandomStream::derive_seed(seed, name));
}

DenoiserImpl::DenoiserImpl(std::int64_t state_size, std::int64_t action_size_, std::int64_t hidden)
    : action_size(action_size_) {
  state_net = register_module("state_net", mlp_branch(state_size, hidden, hidden));
  time_net = register_module("time_net", mlp_branch(kTimeDim, 2 * kTimeDim, kTimeDim));
  body1 = register_module("body1", nn::Linear(action_size + kTimeDim + hidden, hidden));
  body2 = register_module("body2", nn::Linear(hidden, hidden));
  out = register_module("out", nn::Linear(hidden, action_size));
}

torch::Tensor DenoiserImpl::forward(const torch::Tensor& x_t, const torch::Tensor& t, const torch::Tensor& state) {
  auto time = time_net->forward(time_embedding(t, kTimeDim));
  auto h = torch::mish(body1->forward(torch::cat({x_t, time, state_net->forward(state)}, 1)));
  return out->forward(torch::mish(body2->forward(h)));
}

torch::Tensor DenoiserImpl::sample(const torch::Tensor& state, const DiffusionProcess& diffusion,
                                   const torch::Tensor& noise) {
  // body1(cat[x, time, s]) = x W_x^T + (time W_t^T) + (s W_s^T + b): the last two terms do not
  // change along the chain (the state) or across the batch (the time), so compute them once.
  const auto T = diffusion.steps;
  auto w = body1->weight;
  auto w_x = w.narrow(1, 0, action_size);
  auto w_t = w.narrow(1, action_size, kTimeDim);
  auto w_s = w.narrow(1, action_size + kTimeDim, w.size(1) - action_size - kTimeDim);
  auto state_part = torch::addmm(body1->bias, state_net->forward(state), w_s.t());
  auto steps = torch::arange(1, T + 1, torch::kFloat32);
  auto time_part = torch::mm(time_net->forward(time_embedding(steps, kTimeDim)), w_t.t());  // [T, H]
  if (!torch::GradMode::is_enabled())  // acting: the same chain without tensor calls per step
    return acting_chain({state_part, time_part, w_x, body2->weight, body2->bias, out->weight, out->bias}, diffusion, noise);
  auto w_x_t = w_x.t();
  auto x = noise[0];
  for (std::int64_t t = T; t >= 1; --t) {
    auto h = fast_mish(torch::addmm(state_part + time_part[t - 1], x, w_x_t));
    auto eps = out->forward(fast_mish(body2->forward(h)));
    x = diffusion.step(x, eps, t, noise[t]);
  }
  return diffusion.clamp(x);
}

DoubleCriticImpl::DoubleCriticImpl(std::int64_t state_size, std::int64_t action_size, std::int64_t hidden) {
  state_net = register_module("state_net", mlp_branch(state_size, hidden, hidden));
  q1 = register_module("q1", q_head(hidden + action_size, hidden));
  q2 = register_module("q2", q_head(hidden + action_size, hidden));
}

std::pair<torch::Tensor, torch::Tensor> DoubleCriticImpl::forward(const torch::Tensor& state,
                                                                  const torch::Tensor& action) {
  auto x = torch::cat({state_net->forward(state), action}, 1);
  return {q1->forward(x).squeeze(1), q2->forward(x).squeeze(1)};
}

ReplayBuffer::ReplayBuffer(std::int64_t capacity_, std::int64_t state_size, std::int64_t action_size)
    : capacity(capacity_), state_size(state_size), action_size(action_size) {}

void ReplayBuffer::add(const torch::Tensor& s, const torch::Tensor& a, const torch::Tensor& r) {
  if (!states.defined()) {  // allocated on first use: a model loaded only to act needs none
    states = torch::zeros({capacity, state_size});
    actions = torch::zeros({capacity, action_size});
    rewards = torch::zeros({capacity});
  }
  for (std::int64_t done = 0; done < s.size(0);) {
    auto count = std::min(s.size(0) - done, capacity - next);
    states.narrow(0, next, count).copy_(s.narrow(0, done, count));
    actions.narrow(0, next, count).copy_(a.narrow(0, done, count));
    rewards.narrow(0, next, count).copy_(r.narrow(0, done, count));
    done += count;
    next = (next + count) % capacity;
    size = std::min(size + count, capacity);
  }
}

Gdm::Gdm(const GdmConfig& config, std::int64_t state_size, std::int64_t action_size)
    : config_(config),
      action_size_(action_size),
      diffusion_(config.schedule, config.diffusion_steps, config.beta_min, config.beta_max),
      actor_(state_size, action_size, config.hidden),
      critic_(state_size, action_size, config.hidden),
      critic_target_(state_size, action_size, config.hidden),
      value_(q_head(state_size, config.hidden)),
      actor_optimizer_(actor_->parameters(),
                       torch::optim::AdamWOptions(config.actor_lr).weight_decay(config.weight_decay)),
      critic_optimizer_(critic_->parameters(),
                        torch::optim::AdamWOptions(config.critic_lr).weight_decay(config.weight_decay)),
      value_optimizer_(value_->parameters(),
                       torch::optim::AdamWOptions(config.critic_lr).weight_decay(config.weight_decay)),
      replay_(config.replay_size, state_size, action_size) {
  soft_update(*critic_target_, *critic_, 1.0);
  diffusion_.straight_through = config.clamp == "straight_through";
}

torch::Tensor Gdm::noise(std::int64_t batch, torch::Generator& generator) const {
  return torch::randn({diffusion_.steps + 1, batch, action_size_}, generator, torch::TensorOptions());
}

torch::Tensor Gdm::act(const torch::Tensor& features, torch::Generator& generator, bool explore) {
  torch::NoGradGuard no_grad;
  if (explore) {
    auto action = actor_->sample(features, diffusion_, noise(features.size(0), generator));
    if (config_.exploration_noise <= 0) return action;
    return (action + config_.exploration_noise * torch::randn(action.sizes(), generator, torch::TensorOptions()))
        .clamp(-1, 1);
  }
  const auto k = config_.action_candidates, batch = features.size(0);
  auto acting_noise = [&](std::int64_t rows) { return noise(rows, generator).mul_(config_.acting_noise); };
  if (k == 1) return actor_->sample(features, diffusion_, acting_noise(batch));
  // k candidates per state (state-major), the critic picks one.
  auto repeated = features.repeat_interleave(k, 0);
  auto candidates = actor_->sample(repeated, diffusion_, acting_noise(batch * k));
  auto [q1, q2] = critic_->forward(repeated, candidates);
  auto best = torch::min(q1, q2).view({batch, k}).argmax(1);
  auto rows = torch::arange(batch, torch::kLong) * k + best;
  return candidates.index_select(0, rows);
}

Gdm::Batch Gdm::replay_batch(torch::Generator& generator) const {
  auto index = torch::randint(replay_.size, {config_.batch}, generator, torch::TensorOptions().dtype(torch::kLong));
  return {replay_.states.index_select(0, index), replay_.actions.index_select(0, index),
          replay_.rewards.index_select(0, index)};
}

double Gdm::update_critic(const Batch& batch) {
  // One-step episodes (done = 1): the TD target is the reward itself.
  auto [q1, q2] = critic_->forward(batch.states, batch.actions);
  auto loss = torch::mse_loss(q1, batch.rewards) + torch::mse_loss(q2, batch.rewards);
  critic_optimizer_.zero_grad();
  loss.backward();
  critic_optimizer_.step();
  soft_update(*critic_target_, *critic_, config_.tau);
  if (config_.bc_temperature > 0) {
    auto value_loss = expectile_loss(batch.rewards, value_->forward(batch.states).squeeze(1), config_.value_expectile);
    value_optimizer_.zero_grad();
    value_loss.backward();
    value_optimizer_.step();
  }
  return loss.item<double>();
}

torch::Tensor Gdm::denoising_loss(const Batch& batch, torch::Generator& generator) {
  const auto& a = batch.actions;
  auto t = torch::randint(1, diffusion_.steps + 1, {a.size(0)}, generator, torch::TensorOptions().dtype(torch::kLong));
  auto eps = torch::randn(a.sizes(), generator, torch::TensorOptions());
  auto error = (actor_->forward(diffusion_.diffuse(a, t, eps), t, batch.states) - eps).pow(2).mean(1);
  if (config_.bc_temperature > 0) {
    torch::Tensor values;
    {
      torch::NoGradGuard no_grad;  // V is not trained by this loss: no graph for it
      values = value_->forward(batch.states).squeeze(1);
    }
    error = error * advantage_weights(batch.rewards, values, config_.bc_temperature);
  }
  return error.mean();
}

std::pair<double, double> Gdm::update(torch::Generator& generator) {
  double critic_loss = 0;
  Batch batch;
  for (std::int64_t k = 0; k < config_.critic_updates; ++k) {
    batch = replay_batch(generator);
    critic_loss += update_critic(batch) / static_cast<double>(config_.critic_updates);
  }

  // Actor: maximise the smaller Q of its own samples, through the whole reverse chain,
  // optionally held near the replay's actions by the denoising (behaviour cloning) loss.
  auto pi = actor_->sample(batch.states, diffusion_, noise(config_.batch, generator));
  auto [p1, p2] = critic_->forward(batch.states, pi);
  auto q = torch::min(p1, p2);
  auto actor_loss = -config_.q_weight * q.mean() / (config_.bc_weight > 0 ? q.abs().mean().detach() : torch::ones({}));
  if (config_.bc_weight > 0) actor_loss = actor_loss + config_.bc_weight * denoising_loss(batch, generator);
  actor_optimizer_.zero_grad();
  actor_loss.backward();
  actor_optimizer_.step();
  if (config_.bc_weight > 0) {
    for (std::int64_t k = 0; k < config_.bc_updates; ++k) {
      auto loss = config_.bc_weight * denoising_loss(replay_batch(generator), generator);
      actor_optimizer_.zero_grad();
      loss.backward();
      actor_optimizer_.step();
    }
  }
  return {actor_loss.item<double>(), critic_loss};
}

EpochLosses Gdm::train_epoch(const ContractEnv& env, std::uint64_t seed, std::int64_t epoch) {
  auto generator = make_generator(seed, "gdm.epoch" + std::to_string(epoch));
  auto collect = [&](std::int64_t count, std::int64_t round, bool random) {
    auto states = env.sample_states(count, seed, "gdm.states" + std::to_string(epoch) + "." + std::to_string(round));
    auto features = env.features(states);
    auto actions = random ? torch::rand({count, action_size_}, generator, torch::TensorOptions()) * 2 - 1
                          : act(features, generator, /*explore=*/true);
    replay_.add(features, actions, env.contract_utility(states, actions).to(torch::kFloat32));
  };
  if (replay_.size == 0) {
    collect(config_.warmup_states, -1, /*random=*/true);
    warm_up_critic(generator);
  }
  return epoch_updates(generator, [&](std::int64_t u) { collect(config_.states_per_update, u, /*random=*/false); });
}

EpochLosses Gdm::learn(const torch::Tensor& features, const torch::Tensor& actions, const torch::Tensor& rewards,
                       std::uint64_t seed, std::int64_t epoch) {
  auto generator = make_generator(seed, "gdm.epoch" + std::to_string(epoch));
  const bool first = replay_.size == 0;
  replay_.add(features, actions.to(torch::kFloat32).clamp(-1, 1), rewards.to(torch::kFloat32));
  if (first) warm_up_critic(generator);
  return epoch_updates(generator, [](std::int64_t) {});
}

void Gdm::warm_up_critic(torch::Generator& generator) {
  for (std::int64_t u = 0; u < config_.critic_warmup_updates; ++u) update_critic(replay_batch(generator));
}

EpochLosses Gdm::epoch_updates(torch::Generator& generator, const std::function<void(std::int64_t)>& before_each) {
  EpochLosses losses;
  for (std::int64_t u = 0; u < config_.updates_per_epoch; ++u) {
    before_each(u);
    auto [actor, critic] = update(generator);
    losses.actor += actor / static_cast<double>(config_.updates_per_epoch);
    losses.critic += critic / static_cast<double>(config_.updates_per_epoch);
    ++losses.updates;
  }
  return losses;
}

void Gdm::scale_learning_rates(double scale) {
  using Options = torch::optim::AdamWOptions;
  set_learning_rate<Options>(actor_optimizer_, config_.actor_lr * scale);
  set_learning_rate<Options>(critic_optimizer_, config_.critic_lr * scale);
  set_learning_rate<Options>(value_optimizer_, config_.critic_lr * scale);
}

void Gdm::save(torch::serialize::OutputArchive& archive, bool training_state) const {
  save_part(archive, "actor", *actor_);
  save_part(archive, "critic", *critic_);
  if (!training_state) return;
  save_part(archive, "critic_target", *critic_target_);
  save_part(archive, "value", *value_);
  save_part(archive, "actor_optimizer", actor_optimizer_);
  save_part(archive, "critic_optimizer", critic_optimizer_);
  save_part(archive, "value_optimizer", value_optimizer_);
  const auto n = replay_.size;
  auto rows = [&](const torch::Tensor& x, std::int64_t width) {
    return n ? x.narrow(0, 0, n) : torch::zeros({0, width});
  };
  archive.write("replay.states", rows(replay_.states, replay_.state_size));
  archive.write("replay.actions", rows(replay_.actions, replay_.action_size));
  archive.write("replay.rewards", n ? replay_.rewards.narrow(0, 0, n) : torch::zeros({0}));
  archive.write("replay.next", torch::tensor(replay_.next));
}

void Gdm::load(torch::serialize::InputArchive& archive, bool training_state) {
  load_part(archive, "actor", *actor_);
  load_part(archive, "critic", *critic_);
  if (!training_state) return;
  load_part(archive, "critic_target", *critic_target_);
  load_part(archive, "value", *value_);
  load_part(archive, "actor_optimizer", actor_optimizer_);
  load_part(archive, "critic_optimizer", critic_optimizer_);
  load_part(archive, "value_optimizer", value_optimizer_);
  torch::Tensor s, a, r, next;
  archive.read("replay.states", s);
  archive.read("replay.actions", a);
  archive.read("replay.rewards", r);
  archive.read("replay.next", next);
  replay_.size = replay_.next = 0;
  if (s.size(0) > 0) replay_.add(s, a, r);
  replay_.next = next.item<std::int64_t>();
}

}  // namespace vsm::policies::learned
