#pragma once
// Training a learned contract policy, epoch by epoch, as `vsm train` drives it. A trainer can
// stop after any epoch, save a checkpoint, and be resumed from it later: every epoch draws its
// randomness from (seed, epoch) only, so a resumed run continues exactly as an uninterrupted
// one would. This header does not include LibTorch.

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
  Trainer(const TrainConfig& config, std::uint64_t seed);  // from scratch
  static Trainer resume(const std::string& checkpoint);    // throws sim::InputError if unreadable
  Trainer(Trainer&&) noexcept;
  ~Trainer();

  const TrainConfig& config() const;
  std::uint64_t seed() const;
  std::int64_t epochs_done() const;
  const std::vector<EpochRecord>& history() const;  // from epoch 0, the untrained policy
  // Test reward and regret of the policy as it is now (epoch 0 of the curve, or any time).
  EpochRecord test() const;
  EpochRecord run_epoch();
  // A model file (networks + history) or a checkpoint (+ optimisers, replay buffer). Written to
  // a temporary file and renamed, so a kill never leaves a half-written one.
  void save(const std::string& path, bool checkpoint) const;

 private:
  struct Impl;
  explicit Trainer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vsm::policies::learned
