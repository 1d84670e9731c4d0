// The diffusion maths of the GDM policy: noise schedules, the forward process, the DDPM
// posterior, and one reverse step.
#include <gtest/gtest.h>

#include <cmath>

#include "policies/learned/diffusion.hpp"

namespace vsm::policies::learned {
namespace {

double at(const torch::Tensor& x, std::int64_t i) { return x[i].item<double>(); }

TEST(NoiseSchedule, VpMatchesItsFormulaAndEndsAtTheSameNoiseLevelForAnyLength) {
  for (std::int64_t T : {6, 100}) {
    auto betas = noise_schedule("vp", T, 0.1, 10);
    for (std::int64_t t = 1; t <= T; t += T / 3) {
      double expected = 1 - std::exp(-0.1 / T - 0.5 * 9.9 * (2.0 * t - 1) / (double(T) * T));
      EXPECT_NEAR(at(betas, t - 1), expected, 1e-15) << "T " << T << " t " << t;
    }
    // The exponents sum to b_min + (b_max - b_min) / 2 = 5.05, whatever T is.
    DiffusionProcess process("vp", T, 0.1, 10);
    EXPECT_NEAR(at(process.alphas_cumprod, T - 1), std::exp(-5.05), 1e-12);
  }
}

TEST(NoiseSchedule, LinearAndCosine) {
  auto linear = noise_schedule("linear", 5, 1e-4, 2e-2);
  EXPECT_DOUBLE_EQ(at(linear, 0), 1e-4);
  EXPECT_DOUBLE_EQ(at(linear, 4), 2e-2);
  EXPECT_NEAR(at(linear, 2), (1e-4 + 2e-2) / 2, 1e-15);
  // cosine: abar_t = f(t) / f(0) with f(t) = cos^2(((t/T + s)/(1 + s)) pi/2).
  DiffusionProcess cosine("cosine", 10, 0, 0);
  auto f = [](double t) { return std::pow(std::cos((t / 10 + 0.008) / 1.008 * M_PI / 2), 2); };
  for (int t : {1, 5, 9}) EXPECT_NEAR(at(cosine.alphas_cumprod, t - 1), f(t) / f(0), 1e-12) << t;
  EXPECT_NEAR(at(cosine.betas, 9), 0.999, 1e-12);  // the last beta is clipped
}

TEST(DiffusionProcess, PosteriorOfATwoStepLinearScheduleByHand) {
  DiffusionProcess p("linear", 2, 1e-4, 2e-2);
  const double a1 = 1 - 1e-4, a2 = 1 - 2e-2, abar1 = a1, abar2 = a1 * a2;
  EXPECT_NEAR(at(p.posterior_variance, 1), 2e-2 * (1 - abar1) / (1 - abar2), 1e-15);
  EXPECT_NEAR(at(p.posterior_mean_coef_x0, 1), 2e-2 * std::sqrt(abar1) / (1 - abar2), 1e-14);
  EXPECT_NEAR(at(p.posterior_mean_coef_xt, 1), (1 - abar1) * std::sqrt(a2) / (1 - abar2), 1e-14);
  EXPECT_DOUBLE_EQ(at(p.posterior_variance, 0), 0);  // q(x_0 | x_1, x_0) is exact
  // DDPM's clipped log-variance: step 1 uses step 2's value.
  EXPECT_NEAR(at(p.posterior_log_variance, 0), std::log(at(p.posterior_variance, 1)), 1e-12);
}

TEST(DiffusionProcess, PosteriorMeanOfANoiselessPointIsItsOwnScaledMean) {
  // If x_t = sqrt(abar_t) x0 then E[x_{t-1} | x_t, x0] = sqrt(abar_{t-1}) x0 (an identity of
  // the coefficients), for every step of every schedule.
  for (const char* kind : {"vp", "linear", "cosine"}) {
    DiffusionProcess p(kind, 20, kind == std::string("linear") ? 1e-4 : 0.1, kind == std::string("linear") ? 2e-2 : 10);
    auto lhs = p.posterior_mean_coef_x0 + p.posterior_mean_coef_xt * p.alphas_cumprod.sqrt();
    EXPECT_TRUE(torch::allclose(lhs, p.alphas_cumprod_prev.sqrt(), 1e-12, 1e-12)) << kind;
  }
}

TEST(DiffusionProcess, AReverseStepWithTheTrueNoiseRecoversX0) {
  DiffusionProcess p("vp", 10, 0.1, 10);
  auto x0 = torch::tensor({{0.3f, -0.7f}});
  auto eps = torch::tensor({{1.2f, -0.4f}});
  for (std::int64_t t : {1, 4, 10}) {
    auto x_t = p.diffuse(x0, torch::full({1}, t, torch::kLong), eps);
    // With the true noise the x0 estimate is exact; at t = 1 no noise is added, so the step's
    // result is the posterior mean, which for the true x0 is coef_x0 x0 + coef_xt x_t.
    auto next = p.step(x_t, eps, t, torch::zeros_like(x0));
    auto expected = at(p.posterior_mean_coef_x0, t - 1) * x0 + at(p.posterior_mean_coef_xt, t - 1) * x_t;
    EXPECT_TRUE(torch::allclose(next, expected, 1e-5, 1e-5)) << t;
    // The scalars a step without tensors uses (acting_chain) are the same coefficients.
    const auto c = p.coefficients(t);
    EXPECT_DOUBLE_EQ(c.recip, at(p.sqrt_recip_alphas_cumprod, t - 1));
    EXPECT_DOUBLE_EQ(c.recipm1, at(p.sqrt_recipm1_alphas_cumprod, t - 1));
    EXPECT_DOUBLE_EQ(c.coef_x0, at(p.posterior_mean_coef_x0, t - 1));
    EXPECT_DOUBLE_EQ(c.coef_xt, at(p.posterior_mean_coef_xt, t - 1));
    EXPECT_NEAR(c.sigma * c.sigma, t > 1 ? at(p.posterior_variance, t - 1) : at(p.posterior_variance, 1), 1e-15);
  }
}

TEST(DiffusionProcess, DiffusesEachRowToItsOwnStep) {
  DiffusionProcess p("vp", 10, 0.1, 10);
  auto x0 = torch::tensor({{0.3f, -0.7f}, {0.9f, 0.1f}, {-0.5f, 0.5f}});
  auto eps = torch::tensor({{1.2f, -0.4f}, {0.3f, 0.8f}, {-1.5f, 0.2f}});
  auto t = torch::tensor({1, 5, 10}, torch::kLong);
  auto x_t = p.diffuse(x0, t, eps);
  for (std::int64_t b = 0; b < 3; ++b) {
    double abar = at(p.alphas_cumprod, t[b].item<std::int64_t>() - 1);
    for (std::int64_t j = 0; j < 2; ++j)
      EXPECT_NEAR(x_t[b][j].item<double>(),
                  std::sqrt(abar) * x0[b][j].item<double>() + std::sqrt(1 - abar) * eps[b][j].item<double>(), 1e-6)
          << b << "," << j;
  }
}

TEST(DiffusionProcess, StraightThroughClampClampsForwardAndPassesGradients) {
  auto x = torch::tensor({-3.0f, 0.5f, 2.0f}, torch::requires_grad());
  auto y = clamp_straight_through(x);
  EXPECT_TRUE(torch::equal(y.detach(), torch::tensor({-1.0f, 0.5f, 1.0f})));
  y.sum().backward();
  EXPECT_TRUE(torch::equal(x.grad(), torch::ones({3})));
}

TEST(TimeEmbedding, SinesThenCosinesOfEightFrequencies) {
  auto e = time_embedding(torch::tensor({3.0f}));
  ASSERT_EQ(e.size(1), 16);
  for (int k = 0; k < 8; ++k) {
    double frequency = std::exp(-k * std::log(10000.0) / 7);
    EXPECT_NEAR(e[0][k].item<double>(), std::sin(3 * frequency), 1e-5);
    EXPECT_NEAR(e[0][8 + k].item<double>(), std::cos(3 * frequency), 1e-5);
  }
}

}  // namespace
}  // namespace vsm::policies::learned
