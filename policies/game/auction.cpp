#include "policies/game/auction.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace vsm::policies {

AuctionOutcome clear_auction(const std::vector<double>& bids, const AuctionRules& rules) {
  std::vector<std::size_t> order(bids.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto i, auto j) { return bids[i] < bids[j]; });
  AuctionOutcome outcome;
  for (std::size_t rank = 0; rank < order.size() && rank < rules.slots; ++rank)
    if (bids[order[rank]] <= rules.reserve) outcome.winners.push_back(order[rank]);
  double next = rules.slots < order.size() ? bids[order[rules.slots]] : std::numeric_limits<double>::infinity();
  outcome.price = std::min(rules.reserve, next);
  return outcome;
}

Auction::Auction(core::MapReader& params, const PolicyContext& context)
    : budget_(params.number("budget", 20, core::Bounds::positive())) {
  rules_.slots = static_cast<std::size_t>(params.integer("slots", 5, core::Bounds::at_least(1)));
  rules_.latency = params.number("latency", context.scenario.market.latency_max / 3,
                                 core::Bounds{0, context.scenario.market.latency_max, true, false});
  rules_.reserve = budget_ / static_cast<double>(rules_.slots);
}

YAML::Node Auction::params() const {
  YAML::Node params;
  params["slots"] = rules_.slots;
  params["budget"] = budget_;
  params["latency"] = rules_.latency;
  return params;
}

}  // namespace vsm::policies
