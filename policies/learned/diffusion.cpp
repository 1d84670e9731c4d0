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
  auto vec = [](const torch::Tensor& x) { return std::vector<double>(x.data_ptr<double>(), x.data_ptr<double>() + x.numel()); };
  recip_ = vec(sqrt_recip_alphas_cumprod);
  recipm1_ = vec(sqrt_recipm1_alphas_cumprod);
  coef_x0_ = vec(posterior_mean_coef_x0);
  coef_xt_ = vec(posterior_mean_coef_xt);
  sigma_ = vec(torch::exp(0.5 * posterior_log_variance));
}

torch::Tensor DiffusionProcess::step(const torch::Tensor& x_t, const torch::Tensor& eps, std::int64_t t,
                                     const torch::Tensor& noise) const {
  const auto i = static_cast<std::size_t>(t - 1);
  auto x0 = clamp_straight_through(recip_[i] * x_t - recipm1_[i] * eps);
  auto mean = coef_x0_[i] * x0 + coef_xt_[i] * x_t;
  return t > 1 ? mean + sigma_[i] * noise : mean;
}

void DiffusionProcess::step_in_place(torch::Tensor& x_t, const torch::Tensor& eps, std::int64_t t,
                                     const torch::Tensor& noise) const {
  const auto i = static_cast<std::size_t>(t - 1);
  auto x0 = (x_t * recip_[i]).sub_(eps, recipm1_[i]).clamp_(-1, 1);
  x_t.mul_(coef_xt_[i]).add_(x0, coef_x0_[i]);
  if (t > 1) x_t.add_(noise, sigma_[i]);
}

torch::Tensor DiffusionProcess::diffuse(const torch::Tensor& x0, std::int64_t t, const torch::Tensor& noise) const {
  double abar = alphas_cumprod[t - 1].item<double>();
  return std::sqrt(abar) * x0 + std::sqrt(1 - abar) * noise;
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
