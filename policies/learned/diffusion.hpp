#pragma once
// The maths of a denoising diffusion probabilistic model (Ho et al. 2020), as the diffusion
// policy uses it (Wang et al., Diffusion-QL; Du et al., arXiv 2308.05384):
//   forward:  q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I),  abar_t = prod_{s<=t} (1 - beta_s)
//   reverse:  x_0 estimated from the predicted noise, x0 = sqrt(1/abar_t) x_t - sqrt(1/abar_t - 1) eps,
//             clamped to the action box [-1, 1]; then the posterior q(x_{t-1} | x_t, x0) with
//             mean c0_t x0 + ct_t x_t and variance beta_t (1 - abar_{t-1}) / (1 - abar_t).
// Step t runs from 1 to T; the tensors below are indexed by t - 1.

#include <torch/torch.h>

#include <string>
#include <vector>

namespace vsm::policies::learned {

// beta_1..beta_T of a named schedule:
//   vp:     beta_t = 1 - exp(-b_min/T - (b_max - b_min)(2t - 1)/(2 T^2))   (variance preserving)
//   linear: beta_t from b_min to b_max evenly
//   cosine: abar(t) = cos^2(((t/T + s)/(1 + s)) pi/2), s = 0.008, beta clipped to 0.999
torch::Tensor noise_schedule(const std::string& kind, std::int64_t steps, double beta_min, double beta_max);

// clamp(x, -1, 1) forward, identity backward (a straight-through estimator). A hard clamp has
// no gradient once an action saturates, so Q-guidance could never pull a policy back from the
// edge of the action box; with this the critic's gradient at the clamped action still arrives.
torch::Tensor clamp_straight_through(const torch::Tensor& x);

struct DiffusionProcess {
  DiffusionProcess(const std::string& kind, std::int64_t steps, double beta_min, double beta_max);

  std::int64_t steps;
  // x0's clamp to the action box: passing gradients straight through (true), or a plain clamp
  // whose gradient is 0 outside the box (false; GdmConfig::clamp).
  bool straight_through = true;
  torch::Tensor clamp(const torch::Tensor& x) const { return straight_through ? clamp_straight_through(x) : x.clamp(-1, 1); }
  torch::Tensor betas, alphas_cumprod, alphas_cumprod_prev;
  torch::Tensor sqrt_recip_alphas_cumprod, sqrt_recipm1_alphas_cumprod;        // x0 from (x_t, eps)
  torch::Tensor posterior_mean_coef_x0, posterior_mean_coef_xt;                // posterior mean
  torch::Tensor posterior_variance, posterior_log_variance;                    // (clipped at t = 1)

  // One reverse step from x_t given the predicted noise; `noise` is used for t > 1 only.
  // Differentiable: through x0's clamp as `straight_through` says.
  torch::Tensor step(const torch::Tensor& x_t, const torch::Tensor& eps, std::int64_t t, const torch::Tensor& noise) const;
  // Step t's scalars: x0 = recip x_t - recipm1 eps (then clamped); mean = coef_x0 x0 + coef_xt x_t;
  // x_{t-1} = mean + sigma noise (sigma is used for t > 1 only).
  struct StepCoefficients {
    double recip, recipm1, coef_x0, coef_xt, sigma;
  };
  StepCoefficients coefficients(std::int64_t t) const;
  // x_t drawn from q(x_t | x_0) with the given standard normal noise; row b at step t[b]
  // (x0, noise: [B, A] float32; t: [B] integers in 1..T).
  torch::Tensor diffuse(const torch::Tensor& x0, const torch::Tensor& t, const torch::Tensor& noise) const;

 private:
  // The per-step coefficients as doubles, so that a step reads no tensor element.
  std::vector<StepCoefficients> coefficients_;
};


// The 16-dimensional sinusoidal embedding of a step t (8 frequencies exp(-k ln(10000)/7)).
torch::Tensor time_embedding(const torch::Tensor& t, std::int64_t dim = 16);

}  // namespace vsm::policies::learned
