#pragma once
// auction: a reverse auction for k delivery slots, each one batch uploaded within `latency`.
// A vehicle's cost of a slot is its money cost of that effort, c (Lmax/latency - 1) (c = C/theta,
// market.cost_model); it bids that cost. The k lowest bids not above the reserve win (ties to
// the lower vehicle id) and every winner is paid the same price: min(reserve, the (k+1)-th
// lowest bid). This uniform (k+1)-th price auction with a reserve is truthful: no bid other
// than one's cost can do better (tests/policies/auction_test.cpp tries deviations).
// The reserve is budget / slots, so the server never pays more than its budget in a round.
// A winner's utility is theta (price - cost), on the contract model's scale.
//
//   policy: {name: auction, slots: 5, budget: 20, latency: 50}

#include <vector>

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies {

struct AuctionOutcome {
  std::vector<std::size_t> winners;  // indices into the bids
  double price = 0;                  // paid to every winner
};

AuctionOutcome clear_auction(const std::vector<double>& bids, const AuctionRules& rules);

class Auction : public IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {
    std::int64_t slots = 5;  // deliveries bought per round
    double budget = 20;      // per round; the reserve price is budget / slots
    double latency = 0;      // the deadline of every slot, seconds [Lmax / 3]
    static Params read(core::MapReader& params, const PolicyContext& context);
    void write(YAML::Emitter& out) const override;
  };
  Auction(const Params& params, const PolicyContext& context);
  std::string name() const override { return "auction"; }
  Offer offer(const MarketState&) override { return rules_; }

 private:
  AuctionRules rules_;
};

}  // namespace vsm::policies
