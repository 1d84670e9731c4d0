#pragma once
// Training a learned contract policy, epoch by epoch, as `vsm train` drives it. A trainer can
// stop after any epoch, save a checkpoint, and be resumed from it later: every epoch draws its
// randomness from (seed, epoch) only, so a resumed run continues exactly as an uninterrupted
// one would. This header does not include LibTorch; the command line reaches the
// implementation through learned_api.hpp.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "policies/learned/learned_config.hpp"

namespace vsm::policies::learned {

// One row of the /training table.
struct EpochRecord {
  std::int64_t epoch = 0;         // 1-based
  std::int64_t step = 0;          // gradient steps so far
  double test_reward = 0;         // mean U_E on the fixed test states (utility units)
  double test_regret = 0;         // mean of (oracle U_E - policy U_E) on the same states
  double actor_loss = 0, critic_loss = 0;  // means over the epoch's updates
  double wall_s = 0;              // training wall time so far, seconds (across resumes)
};

class Trainer {
 public:
  virtual ~Trainer() = default;
  virtual const TrainConfig& config() const = 0;
  virtual std::uint64_t seed() const = 0;
  virtual const std::vector<EpochRecord>& history() const = 0;  // from epoch 0, the untrained policy
  std::int64_t epochs_done() const { return static_cast<std::int64_t>(history().size()) - 1; }
  // Test reward and regret of the policy as it is now.
  virtual EpochRecord test() const = 0;
  virtual EpochRecord run_epoch() = 0;
  // A model file (networks + history) or a checkpoint (+ optimisers, replay buffer). Written to
  // a temporary file and renamed, so a kill never leaves a half-written one.
  virtual void save(const std::string& path, bool checkpoint) const = 0;
};

// The learning-rate factor of `epoch` (1-based) of `epochs` under TrainConfig::lr_schedule.
// cosine: (1 + cos(pi (epoch - 1) / epochs)) / 2, Diffusion-QL's per-epoch cosine annealing:
// 1 for the first epoch, then falling toward 0, so the last epochs stop wandering around the
// optimum.
double learning_rate_scale(const std::string& schedule, std::int64_t epoch, std::int64_t epochs);

std::unique_ptr<Trainer> start_training(const TrainConfig& config, std::uint64_t seed);  // from scratch
// Throws core::InputError if the file is missing, unreadable or not a checkpoint.
std::unique_ptr<Trainer> resume_training(const std::string& checkpoint);

}  // namespace vsm::policies::learned
