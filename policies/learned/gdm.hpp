#pragma once
// contract.gdm's learner: a conditional denoising diffusion policy whose samples are pushed
// toward high Q by a double-Q critic, trained off-policy from a replay buffer (Diffusion-QL;
// Du et al., arXiv 2308.05384, the paper's reference [1]). Every hyper-parameter: GdmConfig.
//
// Actor: x_T ~ N(0, I) is denoised in T steps by an MLP that predicts the noise from
//   (x_t, sinusoidal embedding of t, the state); the action is x_0. Its loss, as in
//   Diffusion-QL: bc_weight * the denoising loss on replay actions - q_weight * min(Q1, Q2)
//   of its own samples / mean |Q|, back-propagated through the whole reverse chain (clamps
//   pass gradients straight through). bc_weight 0 is the public reference's pure Q-guidance,
//   which collapsed to a corner of the action box here (README, "Learned contract policies").
//   After each such step, bc_updates steps of the denoising loss alone on fresh replay
//   batches: they need no reverse chain, so they cost ~1/50 of a step through it, and they
//   fit the action distribution that the chain steps alone left biased toward x = 0.
//   The clamps pass the critic's gradient on even where the chain's x0 is already outside the
//   action box. Where the critic's value keeps rising outward (an offer gate that pays on
//   average, in the loop) that drove the denoiser's outputs, and its loss, without bound:
//   `clamp: hard` stops the gradient outside the box instead (Diffusion-QL's reference clamp).
//   With bc_temperature > 0 the denoising loss weighs each replay action by
//   exp((r - V(s)) / bc_temperature) (advantage-weighted regression), where V is a state-value
//   network fitted to the value_expectile-expectile of the replay's rewards (IQL's expectile
//   regression), so the policy clones the replay's better actions more.
// Critic: two Q heads on a shared state branch, Mish MLPs (smooth in the action, as in
//   Diffusion-QL; V is the same head on the state alone). In general the TD target is
//   y = r + discount (1 - done) min(Q1', Q2')(s', pi(s')) with soft-updated target copies;
//   contract design is a contextual bandit (every episode is one step, done = 1), so the
//   target is y = r: the target copies are soft-updated as the reference does but enter no
//   loss, and `discount` has no effect. The critic (and V)
//   take critic_updates steps per actor step, after critic_warmup_updates on random actions.
// Acting greedily: the best of action_candidates samples by min(Q1, Q2), drawn with the chain's
// noise scaled by acting_noise.
// The denoiser's first layer sees [x_t, time, state] through one weight matrix; its state and
// time parts are computed once per chain instead of once per step (same model, faster).

#include <torch/torch.h>

#include <functional>

#include "policies/learned/diffusion.hpp"
#include "policies/learned/learned_config.hpp"
#include "policies/learned/learner.hpp"

namespace vsm::policies::learned {

struct DenoiserImpl : torch::nn::Module {
  DenoiserImpl(std::int64_t state_size, std::int64_t action_size, std::int64_t hidden);
  // The noise predicted for x_t at step t (a batch of states, one step): the plain form.
  torch::Tensor forward(const torch::Tensor& x_t, const torch::Tensor& t, const torch::Tensor& state);
  // The whole reverse chain from x_T = noise[0] (noise: [T + 1, B, A]); gradients flow through it.
  torch::Tensor sample(const torch::Tensor& state, const DiffusionProcess& diffusion, const torch::Tensor& noise);

  std::int64_t action_size;
  torch::nn::Sequential state_net{nullptr}, time_net{nullptr};
  torch::nn::Linear body1{nullptr}, body2{nullptr}, out{nullptr};
};
TORCH_MODULE(Denoiser);

struct DoubleCriticImpl : torch::nn::Module {
  DoubleCriticImpl(std::int64_t state_size, std::int64_t action_size, std::int64_t hidden);
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& state, const torch::Tensor& action);

  torch::nn::Sequential state_net{nullptr}, q1{nullptr}, q2{nullptr};
};
TORCH_MODULE(DoubleCritic);

// Transitions of one-step episodes, kept in preallocated tensors (a ring once full).
struct ReplayBuffer {
  ReplayBuffer(std::int64_t capacity, std::int64_t state_size, std::int64_t action_size);
  void add(const torch::Tensor& states, const torch::Tensor& actions, const torch::Tensor& rewards);
  std::int64_t capacity, state_size, action_size;
  std::int64_t size = 0, next = 0;
  torch::Tensor states, actions, rewards;  // [capacity, ...] once the first transition arrives
};

// The denoising loss's weight of each replay action with reward r on a state of value V(s):
// exp((r - V(s)) / temperature), the exponent capped at 10 so that one lucky action cannot take
// the whole batch, normalised to mean 1 (GdmConfig::bc_temperature).
torch::Tensor advantage_weights(const torch::Tensor& rewards, const torch::Tensor& values, double temperature);

// IQL's expectile regression loss of a value estimate, mean over |tau - 1(u < 0)| u^2 with
// u = target - estimate: minimised by the tau-expectile of the targets (tau 0.5: their mean).
torch::Tensor expectile_loss(const torch::Tensor& targets, const torch::Tensor& estimates, double tau);

class Gdm : public Learner {
 public:
  Gdm(const GdmConfig& config, std::int64_t state_size, std::int64_t action_size);

  torch::Tensor act(const torch::Tensor& features, torch::Generator& generator, bool explore) override;
  EpochLosses train_epoch(const ContractEnv& env, std::uint64_t seed, std::int64_t epoch) override;
  // Adds the experience to the replay (the first time: critic_warmup_updates critic steps on
  // it), then updates_per_epoch steps as in train_epoch.
  EpochLosses learn(const torch::Tensor& features, const torch::Tensor& actions, const torch::Tensor& rewards,
                    std::uint64_t seed, std::int64_t epoch) override;
  std::string exploration() const override { return replay_.size == 0 ? "uniform" : "noise"; }
  void scale_learning_rates(double scale) override;
  void save(torch::serialize::OutputArchive& archive, bool training_state) const override;
  void load(torch::serialize::InputArchive& archive, bool training_state) override;

  // One gradient step of critic and actor on a replay batch; returns {actor loss, critic loss}.
  std::pair<double, double> update(torch::Generator& generator);
  ReplayBuffer& replay() { return replay_; }

 private:
  struct Batch {
    torch::Tensor states, actions, rewards;
  };
  Batch replay_batch(torch::Generator& generator) const;
  void warm_up_critic(torch::Generator& generator);  // critic_warmup_updates critic steps on the replay
  // An epoch's updates_per_epoch steps (update()), each after `before_each(step)`; mean losses.
  EpochLosses epoch_updates(torch::Generator& generator, const std::function<void(std::int64_t)>& before_each);
  torch::Tensor noise(std::int64_t batch, torch::Generator& generator) const;
  double update_critic(const Batch& batch);  // and V, when the denoising loss is weighted
  torch::Tensor denoising_loss(const Batch& batch, torch::Generator& generator);

  GdmConfig config_;
  std::int64_t action_size_;
  DiffusionProcess diffusion_;
  Denoiser actor_;
  DoubleCritic critic_, critic_target_;
  torch::nn::Sequential value_;  // V(s), the advantage's baseline
  torch::optim::AdamW actor_optimizer_, critic_optimizer_, value_optimizer_;
  ReplayBuffer replay_;
};

}  // namespace vsm::policies::learned
