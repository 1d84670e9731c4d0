#pragma once
// What the trainer needs from a learning algorithm (GDM or PPO): act on a batch of states,
// learn for one epoch from the environment, and save or load everything it has learned.

#include <torch/torch.h>

#include <cstdint>

#include "policies/learned/contract_env.hpp"

namespace vsm::policies::learned {

struct EpochLosses {
  double actor = 0, critic = 0;
  std::int64_t updates = 0;  // gradient steps taken this epoch
};

class Learner {
 public:
  virtual ~Learner() = default;
  // Actions in [-1, 1] for the states' features [B, S]; `explore` adds the algorithm's
  // exploration noise. Draws only from `generator`.
  virtual torch::Tensor act(const torch::Tensor& features, torch::Generator& generator, bool explore) = 0;
  // One epoch of data collection and updates; all randomness from `seed` and `epoch`, so a run
  // resumed from a checkpoint continues exactly as an uninterrupted one.
  virtual EpochLosses train_epoch(const ContractEnv& env, std::uint64_t seed, std::int64_t epoch) = 0;
  // One epoch of updates from experience gathered elsewhere (runs of a simulation,
  // loop_trainer.hpp): one-step episodes with features [B, S], the raw actions taken [B, A]
  // (acted as exploration() says) and the rewards measured [B]. Randomness from seed and epoch.
  virtual EpochLosses learn(const torch::Tensor& features, const torch::Tensor& actions, const torch::Tensor& rewards,
                            std::uint64_t seed, std::int64_t epoch) = 0;
  // How the experience for the next learn() should be acted: "noise" (act(..., explore=true))
  // or "uniform" (uniformly random actions: GDM's warm-up, before it has any replay).
  virtual std::string exploration() const { return "noise"; }
  // Every optimiser's learning rate becomes its configured value times `scale` (the trainer
  // sets it before each epoch, from TrainConfig::lr_schedule).
  virtual void scale_learning_rates(double scale) = 0;
  // Networks always; optimisers and replay data too when `training_state`.
  virtual void save(torch::serialize::OutputArchive& archive, bool training_state) const = 0;
  virtual void load(torch::serialize::InputArchive& archive, bool training_state) = 0;
};

// A generator seeded from a run seed and a name (the project's stream derivation).
torch::Generator make_generator(std::uint64_t seed, std::string_view name);

// A network or an optimiser as a sub-archive under `key` (both save and load themselves).
template <class Part>
void save_part(torch::serialize::OutputArchive& archive, const std::string& key, const Part& part) {
  torch::serialize::OutputArchive sub;
  part.save(sub);
  archive.write(key, sub);
}

template <class Part>
void load_part(torch::serialize::InputArchive& archive, const std::string& key, Part& part) {
  torch::serialize::InputArchive sub;
  archive.read(key, sub);
  part.load(sub);
}

// Sets the learning rate of every parameter group of `optimizer` (whose options are `Options`).
template <class Options, class Optimizer>
void set_learning_rate(Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) static_cast<Options&>(group.options()).lr(lr);
}

}  // namespace vsm::policies::learned
