#pragma once
// A server's view of every vehicle's reputation: subjective logic with positive and negative
// evidence and time decay, as Kang et al. (2019) use for vehicular edge networks. Every
// delivery the ledger records is evidence: positive when it arrived on time and passed the
// quality check, negative otherwise. From evidence r (positive) and s (negative), with prior
// weight W (reputation.prior_weight):
//   belief b = r / (r + s + W), disbelief d = s / (r + s + W), uncertainty u = W / (r + s + W)
//   reputation = b + a u with base rate a = 1/2  (so a vehicle never seen has 1/2)
// W = 2 is Josang's usual choice; the default W = 4 makes one bad observation of a new vehicle
// leave it at 0.4, so a single unlucky check never excludes it, while two do (threshold 0.4).
// Before each block's evidence is added, old evidence is multiplied by `decay`, so recent
// behaviour weighs more. Every server applies the same blocks, so every server holds the
// same reputations after each block.

#include <cstdint>
#include <vector>

#include "policies/contract/model.hpp"

namespace vsm::agents {

class Reputation {
 public:
  Reputation(std::size_t vehicles, double decay, double prior_weight)
      : positive_(vehicles, 0.0), negative_(vehicles, 0.0), decay_(decay), prior_(prior_weight) {}

  void age() {  // one block passed
    for (auto& r : positive_) r *= decay_;
    for (auto& s : negative_) s *= decay_;
  }
  void observe(std::size_t vehicle, bool good) { (good ? positive_ : negative_)[vehicle] += 1; }
  double of(std::size_t vehicle) const {
    const double r = positive_[vehicle], s = negative_[vehicle];
    return (r + prior_ / 2) / (r + s + prior_);  // b + u / 2
  }
  std::size_t size() const { return positive_.size(); }

 private:
  std::vector<double> positive_, negative_;
  double decay_, prior_;
};

// reputation.weight_menus: each type's share Q_n weighed by w_n, the mean reputation of the
// vehicles that last claimed that type, renormalised: Q'_n = Q_n w_n / sum_m Q_m w_m. A menu
// designed for Q' gives less weight to types that cheats claim. Unchanged if all w_n are 0.
inline policies::TypeSpace weigh_by_reputation(policies::TypeSpace types, const std::vector<double>& weights) {
  double total = 0;
  for (std::size_t n = 0; n < types.probabilities.size(); ++n) total += types.probabilities[n] * weights[n];
  if (total <= 0) return types;
  for (std::size_t n = 0; n < types.probabilities.size(); ++n) types.probabilities[n] *= weights[n] / total;
  return types;
}

}  // namespace vsm::agents
