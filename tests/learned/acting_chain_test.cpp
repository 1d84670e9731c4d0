// The Eigen reverse chain used when acting against the differentiable LibTorch chain used in
// training: the same network, states and noise must give the same actions to float rounding.
#include <gtest/gtest.h>

#include "policies/learned/gdm.hpp"

namespace vsm::policies::learned {
namespace {

void expect_same_chain(const std::string& schedule, std::int64_t steps, std::int64_t batch) {
  torch::manual_seed(7);
  Denoiser denoiser(7, 4, 32);
  const bool linear = schedule == "linear";  // its betas are the betas themselves
  DiffusionProcess diffusion(schedule, steps, linear ? 1e-4 : 0.1, linear ? 2e-2 : 10);
  auto states = torch::rand({batch, 7});
  auto noise = torch::randn({steps + 1, batch, 4});
  auto trained_path = denoiser->sample(states, diffusion, noise).detach();  // autograd on
  torch::Tensor acting_path;
  {
    torch::NoGradGuard no_grad;
    acting_path = denoiser->sample(states, diffusion, noise);
  }
  ASSERT_EQ(acting_path.sizes(), trained_path.sizes());
  EXPECT_TRUE(torch::allclose(acting_path, trained_path, 1e-4, 1e-5))
      << schedule << " T=" << steps << " B=" << batch << "\n" << acting_path - trained_path;
  // Not a trivial agreement: the actions differ from the starting noise and between states.
  EXPECT_GT((acting_path - noise[0].clamp(-1, 1)).abs().max().item<double>(), 0.05);
  EXPECT_LE(acting_path.abs().max().item<double>(), 1.0);
}

TEST(ActingChain, MatchesTheDifferentiableChainForOneState) { expect_same_chain("vp", 100, 1); }
TEST(ActingChain, MatchesTheDifferentiableChainForABatch) { expect_same_chain("vp", 20, 16); }
TEST(ActingChain, MatchesTheDifferentiableChainOnOtherSchedules) {
  expect_same_chain("cosine", 10, 5);
  expect_same_chain("linear", 10, 3);
}

}  // namespace
}  // namespace vsm::policies::learned
