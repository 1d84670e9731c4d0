#pragma once
// The denoiser's reverse chain when acting (no gradients), in Eigen on the network's own
// weights. One state's 100 steps are about 600 small tensor operations whose dispatch cost
// more than their arithmetic (5 ms a state through LibTorch, bench/RESULTS.md); here each step
// is three matrix products and a few loops over the batch. Same maths as the differentiable
// chain in DenoiserImpl::sample; tests/learned/acting_chain_test.cpp holds the two together.

#include <torch/torch.h>

#include "policies/learned/diffusion.hpp"

namespace vsm::policies::learned {

// The denoiser split as DenoiserImpl::sample splits it (float32 matrices with unit column stride):
//   first layer pre-activation at step t = x_t w_x^T + time_part[t - 1] + state_part
struct ChainWeights {
  torch::Tensor state_part;  // [B, H]: the state's share of the first layer, plus its bias
  torch::Tensor time_part;   // [T, H]: each step's time embedding through the first layer
  torch::Tensor w_x;         // [H, A]: the first layer's weights on x_t (may be a column slice)
  torch::Tensor w_hidden, b_hidden;  // [H, H], [H]: the second layer
  torch::Tensor w_out, b_out;        // [A, H], [A]: the predicted noise
};

// x_0 for x_T = noise[0], with noise[t] added at step t > 1 (noise: [T + 1, B, A]); [B, A].
torch::Tensor acting_chain(const ChainWeights& weights, const DiffusionProcess& diffusion, const torch::Tensor& noise);

}  // namespace vsm::policies::learned
