#pragma once
// contract.ppo's learner: proximal policy optimisation (Schulman et al. 2017) with a Gaussian
// policy (state-independent log standard deviation) and a separate value network, advantages
// from GAE, the clipped surrogate objective, Adam, gradient-norm clipping. Every
// hyper-parameter: PpoConfig. Contract design has one-step episodes (done = 1), so GAE
// reduces to A = r - V(s); the general form is kept (and tested) for longer episodes.

#include <torch/torch.h>

#include "policies/learned/learned_config.hpp"
#include "policies/learned/learner.hpp"

namespace vsm::policies::learned {

// Generalised advantage estimation over [T, B] tensors (time first): delta_t = r_t +
// discount (1 - done_t) V_{t+1} - V_t, A_t = delta_t + discount lambda (1 - done_t) A_{t+1};
// `last_value` [B] is V after the final step.
torch::Tensor gae(const torch::Tensor& rewards, const torch::Tensor& values, const torch::Tensor& dones,
                  const torch::Tensor& last_value, double discount, double lambda);

// -mean(min(ratio A, clip(ratio, 1 - eps, 1 + eps) A)), ratio = exp(logp_new - logp_old).
torch::Tensor clipped_surrogate_loss(const torch::Tensor& logp_new, const torch::Tensor& logp_old,
                                     const torch::Tensor& advantages, double clip);

struct GaussianActorCriticImpl : torch::nn::Module {
  GaussianActorCriticImpl(std::int64_t state_size, std::int64_t action_size, std::int64_t hidden, double log_std);
  torch::Tensor mean(const torch::Tensor& state) { return actor->forward(state); }
  torch::Tensor value(const torch::Tensor& state) { return critic->forward(state).squeeze(1); }
  torch::Tensor log_prob(const torch::Tensor& mean, const torch::Tensor& action) const;
  torch::Tensor entropy() const;

  torch::nn::Sequential actor{nullptr}, critic{nullptr};
  torch::Tensor log_std;
};
TORCH_MODULE(GaussianActorCritic);

class Ppo : public Learner {
 public:
  Ppo(const PpoConfig& config, std::int64_t state_size, std::int64_t action_size);

  // Exploring: a draw from the Gaussian, as drawn (the environment clamps it to [-1, 1], and
  // its log-probability stays exact); else its mean, clamped.
  torch::Tensor act(const torch::Tensor& features, torch::Generator& generator, bool explore) override;
  EpochLosses train_epoch(const ContractEnv& env, std::uint64_t seed, std::int64_t epoch) override;
  EpochLosses learn(const torch::Tensor& features, const torch::Tensor& actions, const torch::Tensor& rewards,
                    std::uint64_t seed, std::int64_t epoch) override;
  void scale_learning_rates(double scale) override;
  void save(torch::serialize::OutputArchive& archive, bool training_state) const override;
  void load(torch::serialize::InputArchive& archive, bool training_state) override;

 private:
  // update_epochs passes of clipped-surrogate minibatch steps on one rollout (acted by the
  // policy as it is now); adds to `losses` (sums, and the step count).
  void update(const torch::Tensor& features, const torch::Tensor& actions, const torch::Tensor& rewards,
              torch::Generator& generator, EpochLosses& losses);

  PpoConfig config_;
  GaussianActorCritic net_;
  torch::optim::Adam optimizer_;
};

}  // namespace vsm::policies::learned
