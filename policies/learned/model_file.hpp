#pragma once
// The model file written by `vsm train`: a LibTorch archive holding
//   format        "vsm-contract-model 2" (an older version is refused: train again)
//   policy        gdm | ppo
//   config        the training config (YAML text, after --set overrides)
//   seed, epochs  the training seed and the epochs done
//   history       the /training rows so far [epochs, 8] (EpochRecord's fields in order)
//   learner       the networks; in a checkpoint also the optimisers and the replay buffer
// A checkpoint is a model file with `checkpoint` = 1; either can be used to act.

#include <memory>
#include <string>
#include <vector>

#include "policies/learned/contract_env.hpp"
#include "policies/learned/learner.hpp"
#include "policies/learned/trainer.hpp"

namespace vsm::policies::learned {

std::unique_ptr<Learner> make_learner(const TrainConfig& config, const ContractEnv& env);

struct ModelFile {
  TrainConfig config;
  std::uint64_t seed = 0;
  std::vector<EpochRecord> history;
  std::unique_ptr<Learner> learner;
};

void save_model_file(const std::string& path, const ModelFile& model, bool checkpoint);
// Throws core::InputError naming the file when it is missing or not a vsm model.
// `checkpoint`: also restore the training state (the file must be a checkpoint).
// `acting`: "key=value" overrides of the keys that only change how a trained GDM acts,
// gdm.action_candidates and gdm.acting_noise (vsm eval --set, a scenario's policy parameters);
// any other key is an InputError; a PPO model is loaded as it is (its caller checks the kind).
ModelFile load_model_file(const std::string& path, bool checkpoint = false, const std::vector<std::string>& acting = {});

}  // namespace vsm::policies::learned
