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

Auction::Params Auction::Params::read(core::MapReader& params, const PolicyContext& context) {
  const double latency_max = context.scenario.market.latency_max;
  Params p;
  p.budget = params.number("budget", p.budget, core::Bounds::positive());
  p.slots = params.integer("slots", p.slots, core::Bounds::at_least(1));
  p.latency = params.number("latency", latency_max / 3, core::Bounds{0, latency_max, true, false});
  return p;
}

void Auction::Params::write(YAML::Emitter& out) const {
  out << YAML::Key << "slots" << YAML::Value << slots;
  out << YAML::Key << "budget" << YAML::Value << budget;
  out << YAML::Key << "latency" << YAML::Value << latency;
}

Auction::Auction(const Params& params, const PolicyContext&) {
  rules_.slots = static_cast<std::size_t>(params.slots);
  rules_.latency = params.latency;
  rules_.reserve = params.budget / static_cast<double>(rules_.slots);
}

}  // namespace vsm::policies
