#pragma once
// Every hyper-parameter of the learned contract policies, read from configs/gdm.yaml or
// configs/ppo.yaml (each key is documented there and in configs/README.md). Plain data: this
// header does not include LibTorch, so the command line can read a config without it.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies::learned {

// The contract-design environment (contract_env.hpp).
struct EnvConfig {
  std::vector<std::array<double, 2>> theta_ranges{{10, 100}, {100, 200}};  // one per user type
  std::array<double, 2> vehicles{10, 100};      // M, drawn uniformly (integers)
  std::array<double, 2> latency_max{150, 150};  // Lmax, drawn uniformly
  double latency_min = 15;                      // the shortest latency an action can promise
  double reward_max = 10;                       // the largest reward an action can offer
  sim::Valuation valuation;
  sim::CostModel cost;
  // A model trained inside a simulation (vsm train --env scenario:FILE) acts for each served
  // vehicle on its own, seeing its network features too, and may withhold its offer
  // (contract_env.hpp, "Network observation"). Set by vsm train from the scenario.
  bool network = false;
  std::int64_t types() const { return static_cast<std::int64_t>(theta_ranges.size()); }
};

// The Q-guided diffusion policy (gdm.hpp).
struct GdmConfig {
  std::int64_t hidden = 256;
  std::int64_t diffusion_steps = 100;
  std::string schedule = "vp";  // vp | linear | cosine
  double beta_min = 0.1, beta_max = 10;  // vp: continuous-time bounds; linear: 1e-4, 2e-2 by default
  double actor_lr = 1e-4, critic_lr = 1e-4, weight_decay = 1e-4;
  double tau = 0.005;        // soft update of the target critics
  double discount = 0.95;    // episodes last one step, so the target is the reward (see gdm.hpp)
  double exploration_noise = 0.1;  // sigma of Gaussian noise on collected actions
  // Actor loss = bc_weight * denoising loss on replay actions - q_weight * Q / mean|Q|
  // (Diffusion-QL). bc_weight 0 and an unnormalised Q is the public reference's pure Q-guidance.
  double bc_weight = 1.0, q_weight = 1.0;
  // > 0: each replay action's denoising loss is weighted by exp(A / bc_temperature), A = its
  // reward - V(s), normalised over the batch (advantage-weighted regression), so the policy
  // clones the replay's better actions more; 0: every action alike (Diffusion-QL).
  double bc_temperature = 0.0;
  // The advantage's baseline V(s): a state-value network fitted to this expectile of the
  // replay's rewards (IQL's expectile regression); high values put V near the best rewards seen.
  double value_expectile = 0.9;
  // Denoising-loss-only actor steps after each step through the chain (gdm.hpp says why).
  std::int64_t bc_updates = 0;
  std::string clamp = "straight_through";  // x0's clamp in the chain: straight_through | hard (gdm.hpp)
  std::int64_t critic_warmup_updates = 500;  // critic-only steps on the warm-up data
  std::int64_t critic_updates = 1;  // critic steps per actor step (a critic step is ~50x cheaper)
  // Acting greedily (tests, evaluation, scenarios): sample this many actions per state and
  // take the one the critic values most (Diffusion-QL's action selection); 1: one sample.
  std::int64_t action_candidates = 16;
  // Acting greedily, the reverse chain starts from and adds acting_noise times the usual
  // Gaussian noise: 1 samples the learned distribution; 0 is the deterministic chain from
  // x_T = 0, which lands near the distribution's centre (then one candidate is enough).
  double acting_noise = 1.0;
  std::int64_t batch = 512;
  std::int64_t replay_size = 1000000;
  std::int64_t updates_per_epoch = 100;
  std::int64_t states_per_update = 64;  // new states (one-step episodes) collected before each update
  std::int64_t warmup_states = 2048;    // collected with random actions before the first update
};

// PPO with a Gaussian policy (ppo.hpp).
struct PpoConfig {
  std::int64_t hidden = 256;
  double lr = 3e-4;
  double discount = 0.95, gae_lambda = 0.95;
  double clip = 0.2;
  double value_coef = 0.5, entropy_coef = 0.0;
  double log_std_init = -0.5;
  double max_grad_norm = 0.5;
  std::int64_t rollout_states = 2048;  // one-step episodes per update
  std::int64_t update_epochs = 10;
  std::int64_t minibatch = 256;
  std::int64_t updates_per_epoch = 5;
};

// Training inside a simulation (loop_trainer.hpp): the rounds of runs of a scenario are the
// learner's experience. Only with `vsm train --env scenario:FILE`.
struct LoopConfig {
  std::string scenario;                   // the scenario file, absolute; "" trains on the static env
  std::vector<std::string> scenario_set;  // --set overrides applied to it, in order
  std::int64_t episodes_per_epoch = 2;    // exploring runs per epoch, on training seeds 1, 2, 3, ...
  std::vector<std::int64_t> validation_seeds{901, 902};  // greedy runs after each epoch (the test)
  std::int64_t jobs = 2;                  // runs at once
};

struct TrainConfig {
  std::string policy;  // gdm | ppo
  std::int64_t epochs = 40;
  std::int64_t test_states = 256;  // fixed states the test reward of every epoch is measured on
  std::int64_t threads = 1;        // torch intra-op threads (OpenBLAS has its own; see README)
  // Every learning rate times a factor set before each epoch: constant (1), or cosine
  // annealing from 1 at the first epoch toward 0 after the last (learning_rate_scale).
  std::string lr_schedule = "constant";
  EnvConfig env;
  LoopConfig loop;
  GdmConfig gdm;
  PpoConfig ppo;
};

// Reads a config for `policy` (gdm | ppo). Throws core::InputError naming file:line and key.
TrainConfig read_train_config(const core::YamlDocument& doc, const std::string& policy);
// The config with every value resolved, as YAML that read_train_config reads back unchanged
// (only the trained policy's section). Stored in model files and training logs.
std::string to_yaml(const TrainConfig& config);
// Why the config's training runs (seeds 1 .. epochs x loop.episodes_per_epoch) would reach a
// validation seed, or nothing when they do not (or it trains on the static environment).
std::optional<std::string> training_seed_clash(const TrainConfig& config);
TrainConfig read_train_config_file(const std::string& path, const std::string& policy,
                                   const std::vector<std::string>& overrides = {});

}  // namespace vsm::policies::learned
