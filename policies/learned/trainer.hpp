#pragma once
// Training a learned contract policy, epoch by epoch, as `vsm train` drives it. A trainer can
// stop after any epoch, save a checkpoint, and be resumed from it later: every epoch draws its
// randomness from (seed, epoch) only, so a resumed run continues exactly as an uninterrupted
// one would. This header does not include LibTorch; the command line reaches the
// implementation through learned_api.hpp.

#include <cstdint>
#include <functional>
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
  // Training inside a simulation: market rounds simulated for training so far (all servers
  // act in each), so rounds / wall_s is the training's speed. 0 on the static environment.
  std::int64_t rounds = 0;
};

// Training inside a simulation (loop_trainer.cpp): one run of the scenario, as the caller runs
// it (`vsm train` starts a child `vsm run`), with every server's policy the model in `model`
// (contract.<policy>, explore and experience set as here).
struct Episode {
  std::uint64_t seed = 0;
  std::string model;       // the learner as it is now, a model file
  std::string explore;     // none | noise | uniform (LearnedContract::Params)
  std::string experience;  // the directory the policies write their offers to; "" none
  std::string result;      // the result file to write
};

// What the trainer needs back from a finished run, read from its result file.
struct EpisodeResult {
  struct Trade {
    std::int64_t round = 0, server = 0, vehicle = 0;
    double server_utility = 0;  // realised: late or lost data earns nothing and is not paid
  };
  std::vector<Trade> trades;
  std::int64_t rounds = 0;         // market rounds (distinct /rounds/round)
  std::int64_t server_rounds = 0;  // rows of /rounds
  double utility = 0, bound = 0;   // sums of /rounds/server_utility and server_utility_bound
};

// Runs the episodes of config.loop.scenario (some at once, as it likes) and returns their
// results in the same order. Throws when a run fails, with its message.
using EpisodeRunner =
    std::function<std::vector<EpisodeResult>(const TrainConfig& config, const std::vector<Episode>& episodes)>;

// Where training inside a simulation keeps its runs' files (the directory is removed by the
// caller): while they are needed, or all of them when `keep`.
struct LoopRunner {
  EpisodeRunner run;
  std::string work_dir;
  bool keep = false;
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

// From scratch. A config with loop.scenario set trains inside that simulation through `loop`.
std::unique_ptr<Trainer> start_training(const TrainConfig& config, std::uint64_t seed, const LoopRunner& loop = {});
// Throws core::InputError if the file is missing, unreadable or not a checkpoint.
std::unique_ptr<Trainer> resume_training(const std::string& checkpoint, const LoopRunner& loop = {});

}  // namespace vsm::policies::learned
