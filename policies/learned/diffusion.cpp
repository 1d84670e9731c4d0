#include "policies/learned/diffusion.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace vsm::policies::learned {

torch::Tensor noise_schedule(const std::string& kind, std::int64_t steps, double beta_min, double beta_max) {
  auto t = torch::arange(1, steps + 1, torch::kFloat64);
  const double T = static_cast<double>(steps);
  if (kind == "vp") return 1 - torch::exp(-beta_min / T - 0.5 * (beta_max - beta_min) * (2 * t - 1) / (T * T));
  if (kind == "linear") return steps == 1 ? torch::full({1}, beta_min, torch::kFloat64)
                                          : torch::linspace(beta_min, beta_max, steps, torch::kFloat64);
  if (kind == "cosine") {
    constexpr double s = 0.008;
    auto abar = [&](const torch::Tensor& u) {
      return torch::cos((u / T + s) / (1 + s) * std::numbers::pi / 2).pow(2);
    };
    return (1 - abar(t) / abar(t - 1)).clamp(0, 0.999);
  }
  throw std::invalid_argument("unknown noise schedule " + kind);
}

DiffusionProcess::DiffusionProcess(const std::string& kind, std::int64_t steps_, double beta_min, double beta_max)
    : steps(steps_) {
  betas = noise_schedule(kind, steps, beta_min, beta_max);
  auto alphas = 1 - betas;
  alphas_cumprod = alphas.cumprod(0);
  alphas_cumprod_prev = torch::cat({torch::ones({1}, torch::kFloat64), alphas_cumprod.narrow(0, 0, steps - 1)});
  sqrt_recip_alphas_cumprod = (1 / alphas_cumprod).sqrt();
  sqrt_recipm1_alphas_cumprod = (1 / alphas_cumprod - 1).sqrt();
  posterior_variance = betas * (1 - alphas_cumprod_prev) / (1 - alphas_cumprod);
  // At t = 1 the variance is 0; its log is taken at the t = 2 value, as DDPM does.
  posterior_log_variance =
      torch::log(torch::cat({steps > 1 ? posterior_variance.narrow(0, 1, 1) : torch::ones({1}, torch::kFloat64),
                             posterior_variance.narrow(0, 1, steps - 1)}));
  posterior_mean_coef_x0 = betas * alphas_cumprod_prev.sqrt() / (1 - alphas_cumprod);
  posterior_mean_coef_xt = (1 - alphas_cumprod_prev) * alphas.sqrt() / (1 - alphas_cumprod);
  auto sigma = torch::exp(0.5 * posterior_log_variance);
  auto at = [](const torch::Tensor& x, std::int64_t i) { return x[i].item<double>(); };
  for (std::int64_t i = 0; i < steps; ++i)
    coefficients_.push_back({at(sqrt_recip_alphas_cumprod, i), at(sqrt_recipm1_alphas_cumprod, i),
                             at(posterior_mean_coef_x0, i), at(posterior_mean_coef_xt, i), at(sigma, i)});
}

DiffusionProcess::StepCoefficients DiffusionProcess::coefficients(std::int64_t t) const {
  return coefficients_.at(static_cast<std::size_t>(t - 1));
}

torch::Tensor DiffusionProcess::step(const torch::Tensor& x_t, const torch::Tensor& eps, std::int64_t t,
                                     const torch::Tensor& noise) const {
  const auto c = coefficients(t);
  auto x0 = clamp(c.recip * x_t - c.recipm1 * eps);
  auto mean = c.coef_x0 * x0 + c.coef_xt * x_t;
  return t > 1 ? mean + c.sigma * noise : mean;
}

torch::Tensor DiffusionProcess::diffuse(const torch::Tensor& x0, const torch::Tensor& t, const torch::Tensor& noise) const {
  auto abar = alphas_cumprod.index_select(0, t - 1).to(torch::kFloat32).unsqueeze(1);
  return abar.sqrt() * x0 + (1 - abar).sqrt() * noise;
}

torch::Tensor clamp_straight_through(const torch::Tensor& x) {
  return x + (x.clamp(-1, 1) - x).detach();
}

torch::Tensor time_embedding(const torch::Tensor& t, std::int64_t dim) {
  const auto half = dim / 2;
  auto k = torch::arange(half, torch::kFloat32);
  auto frequencies = torch::exp(-k * std::log(10000.0) / static_cast<double>(half - 1));
  auto angles = t.to(torch::kFloat32).unsqueeze(-1) * frequencies;
  return torch::cat({angles.sin(), angles.cos()}, -1);
}

}  // namespace vsm::policies::learned
