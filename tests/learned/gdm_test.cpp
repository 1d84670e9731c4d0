// Pieces of the GDM learner checked by hand: the advantage weights of its denoising loss and
// the acting noise of its greedy actions.
#include <gtest/gtest.h>

#include <cmath>

#include "policies/learned/contract_env.hpp"
#include "policies/learned/gdm.hpp"

namespace vsm::policies::learned {
namespace {

TEST(AdvantageWeights, AreExponentialInTheAdvantageAndAverageOne) {
  auto rewards = torch::tensor({1.0f, 1.1f, 0.8f, 1.0f});
  auto values = torch::tensor({1.0f, 1.0f, 1.0f, 1.1f});  // advantages 0, 0.1, -0.2, -0.1
  auto w = advantage_weights(rewards, values, 0.1);
  EXPECT_NEAR(w.mean().item<double>(), 1.0, 1e-6);
  EXPECT_NEAR(w[1].item<double>() / w[0].item<double>(), std::exp(1.0), 1e-4);
  EXPECT_NEAR(w[2].item<double>() / w[0].item<double>(), std::exp(-2.0), 1e-5);
  EXPECT_NEAR(w[3].item<double>() / w[0].item<double>(), std::exp(-1.0), 1e-5);
}

TEST(AdvantageWeights, CapOneLuckyActionAtEToTheTen) {
  auto w = advantage_weights(torch::tensor({0.0f, 50.0f}), torch::zeros({2}), 1.0);  // exponents 0, 50
  EXPECT_NEAR(w[1].item<double>() / w[0].item<double>(), std::exp(10.0), 1e-1);
}

TEST(AdvantageWeights, StayFiniteWhenEveryActionIsFarWorseThanThePolicy) {
  // exp(-200) and exp(-300) underflow to 0 in float; shifted by the largest exponent they are
  // 1 and e^-100, so the weights still average 1 instead of 0 / 0.
  auto w = advantage_weights(torch::tensor({-2.0f, -3.0f}), torch::zeros({2}), 0.01);
  EXPECT_TRUE(torch::isfinite(w).all().item<bool>()) << w;
  EXPECT_NEAR(w.mean().item<double>(), 1.0, 1e-6);
  EXPECT_NEAR(w[0].item<double>(), 2.0, 1e-6);  // the better action takes all the weight
}

TEST(AdvantageWeights, AHighTemperatureWeighsAllAlike) {
  auto w = advantage_weights(torch::tensor({0.0f, 1.0f, -1.0f}), torch::zeros({3}), 1e6);
  EXPECT_TRUE(torch::allclose(w, torch::ones({3}), 0, 1e-5));
}

// The largest change of dQ/dt between neighbouring points t, t + h on a line through the action
// space, for an untrained critic.
double largest_slope_jump(double h) {
  torch::manual_seed(11);
  DoubleCritic critic(7, 4, 64);
  auto state = torch::randn({1, 7});
  auto t = torch::arange(0.0, 1.0, h, torch::kFloat64).to(torch::kFloat32).unsqueeze(1).requires_grad_();
  auto actions = torch::tensor({-0.9f, -0.5f, -0.8f, 0.2f}) + t * torch::tensor({1.6f, 1.2f, 1.5f, -1.0f});
  auto q = critic->forward(state.expand({t.size(0), 7}), actions).first;
  auto slope = torch::autograd::grad({q.sum()}, {t})[0].squeeze(1).to(torch::kFloat64);
  return (slope.narrow(0, 1, slope.size(0) - 1) - slope.narrow(0, 0, slope.size(0) - 1)).abs().max().item<double>();
}

TEST(DoubleCritic, IsSmoothInTheAction) {
  // A smooth Q's slope changes by O(h) between points h apart; a ReLU network's jumps by a fixed
  // amount at every kink however close the points are, and its maximum sits on a kink.
  double coarse = largest_slope_jump(1e-2), fine = largest_slope_jump(1e-3);
  EXPECT_LT(fine, 0.3 * coarse) << "slope jumps " << coarse << " (h = 0.01) and " << fine << " (h = 0.001)";
}

TEST(ExpectileLoss, WeighsUnderestimatesByTauAndOverestimatesByOneMinusTau) {
  auto targets = torch::tensor({1.0f, -1.0f});
  // u = +1 (estimate too low) costs 0.9, u = -1 (too high) costs 0.1: mean 0.5.
  EXPECT_NEAR(expectile_loss(targets, torch::zeros({2}), 0.9).item<double>(), 0.5, 1e-6);
  EXPECT_NEAR(expectile_loss(targets, torch::zeros({2}), 0.5).item<double>(), 0.5, 1e-6);
  EXPECT_NEAR(expectile_loss(torch::tensor({2.0f}), torch::zeros({1}), 0.9).item<double>(), 0.9 * 4, 1e-6);
}

TEST(ExpectileLoss, IsMinimisedByTheExpectileOfTheTargets) {
  // Targets {0, 1}: the tau-expectile v solves tau (1 - v) = (1 - tau) v, so v = tau.
  auto targets = torch::tensor({0.0f, 1.0f});
  for (double tau : {0.5, 0.9}) {
    auto v = torch::zeros({1}, torch::requires_grad());
    torch::optim::SGD sgd({v}, 0.5);
    for (int step = 0; step < 500; ++step) {
      sgd.zero_grad();
      expectile_loss(targets, v.expand({2}), tau).backward();
      sgd.step();
    }
    EXPECT_NEAR(v.item<double>(), tau, 1e-4) << "tau " << tau;
  }
}

torch::Tensor greedy_actions(double acting_noise, std::uint64_t noise_seed) {
  ContractEnv env{EnvConfig{}};
  GdmConfig c;
  c.hidden = 32;
  c.diffusion_steps = 10;
  c.action_candidates = 1;
  c.acting_noise = acting_noise;
  torch::manual_seed(3);  // the same untrained network every call
  Gdm gdm(c, env.state_size(), env.action_size());
  auto generator = make_generator(noise_seed, "noise");
  return gdm.act(env.features(env.sample_states(8, 1, "probe")), generator, /*explore=*/false);
}

// How far the greedy samples of a GDM trained only to clone one constant action land from it,
// after 20 updates with `bc_updates` denoising-only steps each.
double distance_to_cloned_action(std::int64_t bc_updates) {
  ContractEnv env{EnvConfig{}};
  GdmConfig c;
  c.hidden = 32;
  c.diffusion_steps = 10;
  c.batch = 64;
  c.actor_lr = 1e-3;
  c.q_weight = 0;  // the denoising loss alone
  c.action_candidates = 1;
  c.acting_noise = 0;
  c.bc_updates = bc_updates;
  torch::manual_seed(5);
  Gdm gdm(c, env.state_size(), env.action_size());
  auto states = env.features(env.sample_states(256, 1, "replay"));
  auto target = torch::tensor({-0.5f, -0.9f, 0.3f, 0.6f});
  gdm.replay().add(states, target.expand({256, 4}), torch::zeros({256}));
  auto generator = make_generator(1, "updates");
  for (int u = 0; u < 20; ++u) gdm.update(generator);
  return (gdm.act(states, generator, /*explore=*/false) - target).abs().mean().item<double>();
}

TEST(GdmTraining, DenoisingOnlyStepsFitTheReplayActionsCloser) {
  double chain_steps_only = distance_to_cloned_action(0), with_denoising = distance_to_cloned_action(10);
  EXPECT_LT(with_denoising, 0.5 * chain_steps_only) << chain_steps_only << " vs " << with_denoising;
}

TEST(GdmActing, WithoutNoiseTheChainIsDeterministic) {
  EXPECT_TRUE(torch::equal(greedy_actions(0, 1), greedy_actions(0, 2)));
  EXPECT_FALSE(torch::allclose(greedy_actions(1, 1), greedy_actions(1, 2)));
  EXPECT_TRUE(torch::equal(greedy_actions(1, 1), greedy_actions(1, 1)));
}

}  // namespace
}  // namespace vsm::policies::learned
