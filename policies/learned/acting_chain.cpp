#include "policies/learned/acting_chain.hpp"

#include <Eigen/Core>

namespace vsm::policies::learned {
namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>;
using RowMap = Eigen::Map<const Eigen::RowVectorXf>;

// A float32 matrix tensor (row-major rows, unit column stride) seen by Eigen without a copy.
ConstMap view(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 2 && x.scalar_type() == torch::kFloat32 && x.stride(1) == 1, "acting_chain: bad weight");
  return ConstMap(x.data_ptr<float>(), x.size(0), x.size(1), Eigen::OuterStride<>(x.stride(0)));
}

// Mish as the training chain computes it: x n / (n + 2), n = w (w + 2), w = e^min(x, 20).
void mish(Matrix& h) {
  auto w = h.array().min(20.0f).exp();
  auto n = w * (w + 2.0f);
  h.array() *= n / (n + 2.0f);
}

}  // namespace

torch::Tensor acting_chain(const ChainWeights& weights, const DiffusionProcess& diffusion, const torch::Tensor& noise) {
  const auto state_part = view(weights.state_part);
  const auto time_part = view(weights.time_part);
  const auto w_x = view(weights.w_x), w_hidden = view(weights.w_hidden), w_out = view(weights.w_out);
  const RowMap b_hidden(weights.b_hidden.data_ptr<float>(), weights.b_hidden.numel());
  const RowMap b_out(weights.b_out.data_ptr<float>(), weights.b_out.numel());
  const auto batch = noise.size(1), actions = noise.size(2);
  auto noise_c = noise.contiguous();
  auto noise_at = [&](std::int64_t t) {
    return Eigen::Map<const Matrix>(noise_c.data_ptr<float>() + t * batch * actions, batch, actions);
  };

  Matrix x = noise_at(0), x0(batch, actions), eps(batch, actions);
  Matrix h(batch, state_part.cols()), h2(batch, w_hidden.rows());
  for (std::int64_t t = diffusion.steps; t >= 1; --t) {
    h.noalias() = x * w_x.transpose();
    h += state_part;
    h.rowwise() += time_part.row(t - 1);
    mish(h);
    h2.noalias() = h * w_hidden.transpose();
    h2.rowwise() += b_hidden;
    mish(h2);
    eps.noalias() = h2 * w_out.transpose();
    eps.rowwise() += b_out;
    const auto c = diffusion.coefficients(t);
    x0 = (static_cast<float>(c.recip) * x - static_cast<float>(c.recipm1) * eps).cwiseMax(-1.0f).cwiseMin(1.0f);
    x = static_cast<float>(c.coef_xt) * x + static_cast<float>(c.coef_x0) * x0;
    if (t > 1) x += static_cast<float>(c.sigma) * noise_at(t);
  }
  auto result = torch::empty({batch, actions});
  Eigen::Map<Matrix>(result.data_ptr<float>(), batch, actions) = x.cwiseMax(-1.0f).cwiseMin(1.0f);
  return result;
}

}  // namespace vsm::policies::learned
