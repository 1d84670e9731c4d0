// PPO's advantage estimation and clipped objective on numbers checked by hand.
#include <gtest/gtest.h>

#include "policies/learned/ppo.hpp"

namespace vsm::policies::learned {
namespace {

TEST(Gae, TwoStepsByHand) {
  // One environment, two steps, the episode ends after the second; discount 0.9, lambda 0.8.
  //   step 2: delta = 2 - 1 = 1                       A = 1
  //   step 1: delta = 1 + 0.9 * 1.0 - 0.5 = 1.4        A = 1.4 + 0.9 * 0.8 * 1 = 2.12
  auto rewards = torch::tensor({{1.0}, {2.0}});
  auto values = torch::tensor({{0.5}, {1.0}});
  auto dones = torch::tensor({{0.0}, {1.0}});
  auto a = gae(rewards, values, dones, torch::tensor({7.0}), 0.9, 0.8);  // V after the end is ignored
  EXPECT_NEAR(a[0][0].item<double>(), 2.12, 1e-6);  // float32 tensors
  EXPECT_NEAR(a[1][0].item<double>(), 1.0, 1e-6);
}

TEST(Gae, BootstrapsFromTheLastValueWhenTheEpisodeGoesOn) {
  // delta = 1 + 0.5 * 4 - 2 = 1; lambda 0 makes A = delta.
  auto a = gae(torch::tensor({{1.0}}), torch::tensor({{2.0}}), torch::tensor({{0.0}}), torch::tensor({4.0}), 0.5, 0.0);
  EXPECT_NEAR(a[0][0].item<double>(), 1.0, 1e-6);
}

TEST(Gae, OneStepEpisodesGiveRewardMinusValue) {
  auto r = torch::tensor({{3.0, -1.0, 0.5}});
  auto v = torch::tensor({{1.0, 1.0, 2.0}});
  auto a = gae(r, v, torch::ones({1, 3}, torch::kFloat64), torch::zeros({3}, torch::kFloat64), 0.95, 0.95);
  EXPECT_TRUE(torch::allclose(a, r - v));
}

TEST(ClippedSurrogate, ByHand) {
  // ratio 1.5 with A = 2: min(3, 1.2 * 2) = 2.4 (clipped); ratio 0.5 with A = -1:
  // min(-0.5, 0.8 * -1) = -0.8 (clipped); ratio 1.1 with A = 1: 1.1 (inside). Loss -mean.
  auto old_logp = torch::zeros({3}, torch::kFloat64);
  auto new_logp = torch::log(torch::tensor({1.5, 0.5, 1.1}, torch::kFloat64));
  auto adv = torch::tensor({2.0, -1.0, 1.0}, torch::kFloat64);
  auto loss = clipped_surrogate_loss(new_logp, old_logp, adv, 0.2);
  EXPECT_NEAR(loss.item<double>(), -(2.4 - 0.8 + 1.1) / 3, 1e-12);
}

TEST(ClippedSurrogate, NoGradientThroughAClippedRatio) {
  auto new_logp = torch::log(torch::tensor({1.5, 1.1}, torch::kFloat64)).requires_grad_(true);
  auto loss = clipped_surrogate_loss(new_logp, torch::zeros({2}, torch::kFloat64),
                                     torch::tensor({2.0, 1.0}, torch::kFloat64), 0.2);
  loss.backward();
  EXPECT_DOUBLE_EQ(new_logp.grad()[0].item<double>(), 0);           // clipped: no push further
  EXPECT_NEAR(new_logp.grad()[1].item<double>(), -1.1 / 2, 1e-12);  // d(-ratio A / 2)/dlogp
}

TEST(GaussianPolicy, LogProbabilityAndEntropyOfADiagonalGaussian) {
  GaussianActorCritic net(3, 2, 8, std::log(0.5));
  auto mean = torch::tensor({{0.0f, 1.0f}});
  auto action = torch::tensor({{0.5f, 0.0f}});
  // N(0.5; 0, 0.25) * N(0; 1, 0.25): z = (1, -2).
  double expected = -0.5 * (1 + 4) - 2 * std::log(0.5) - std::log(2 * M_PI);
  EXPECT_NEAR(net->log_prob(mean, action).item<double>(), expected, 1e-5);
  EXPECT_NEAR(net->entropy().item<double>(), 2 * (std::log(0.5) + 0.5 * (1 + std::log(2 * M_PI))), 1e-5);
}

}  // namespace
}  // namespace vsm::policies::learned
