#pragma once
// Learning in the loop: a learned contract policy trained on the rounds of running simulations
// (`vsm train --policy gdm|ppo --env scenario:FILE`), not on the static environment.
//
// An epoch:
//   1. the learner as it is now is saved as a model file, and loop.episodes_per_epoch runs of
//      the scenario are made on the next training seeds (1, 2, 3, ... across epochs), every
//      server acting with that model as contract.<policy>, exploring as the learner asks
//      (Learner::exploration: GDM's first epoch acts uniformly at random, to fill its replay;
//      afterwards GDM adds its Gaussian noise and PPO draws from its policy). Each policy writes
//      the state and raw action of every vehicle it acts for (LearnedContract, `experience`);
//   2. each such one-step episode's reward is what the server realised from that vehicle in
//      that round, read from the run's /trades: the data's value if it arrived within the
//      promised latency, less the reward paid (late or lost data earns nothing and is not paid);
//      0 when the vehicle got no offer, declined, or made no trade. Rewards are divided by
//      a1 * theta_max^b1, the most one trade's data can be worth, so they lie in about [-0.01, 1];
//   3. the learner learns from them (Learner::learn);
//   4. the test: greedy runs (explore none) on loop.validation_seeds, held out from training.
//      Its test_reward is the server utility per server and round; its test_regret is the gap
//      to the clairvoyant bound per server and round (NaN where the run records no bound).
// The runs' files are in MODEL.pt.runs/ while needed: episode-<seed>.h5 and experience-<seed>/
// for training, validation-<epoch>-<seed>.h5 for the test after <epoch>, and policy.pt (the
// snapshot they act with); `vsm train --keep-runs` keeps them all.
// Every run's randomness comes from its seed, the learner's from (training seed, epoch), so a
// training is deterministic for its seed and resumes from a checkpoint exactly.

#include "policies/learned/model_file.hpp"
#include "policies/learned/trainer.hpp"

namespace vsm::policies::learned {

std::unique_ptr<Trainer> make_loop_trainer(ModelFile model, const LoopRunner& loop);

// The one-step episodes of one run: its policies' experience files in `dir` joined with the
// run's trades. Rows in the order of the files' names, then of the offers made.
struct Experience {
  torch::Tensor states, actions, rewards;  // [B, S] float64, [B, A] float64, [B] float64 (unscaled)
};
Experience read_experience(const std::string& dir, const EpisodeResult& result, const ContractEnv& env);

}  // namespace vsm::policies::learned
