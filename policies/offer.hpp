#pragma once
// What a policy offers the vehicles in a round: a contract menu, a posted unit price
// (Stackelberg leader), the rules of a reverse auction, or a menu per vehicle.

#include <cstddef>
#include <optional>
#include <variant>
#include <vector>

namespace vsm::policies {

// One item (1/L_n, R_n) of a contract menu, stored as the latency L_n itself (seconds).
struct ContractItem {
  double latency = 0;  // promised upload latency L_n, 0 < L_n <= Lmax
  double reward = 0;   // R_n
};

// Item n is designed for type n (theta_1 <= ... <= theta_N); every vehicle may pick any item.
struct ContractMenu {
  std::vector<ContractItem> items;
};

// The Stackelberg leader's move: a price per batch of data; each vehicle chooses how many
// batches (a real number >= 0) to deliver within `deadline`.
struct PostedPrice {
  double price = 0;
  double deadline = 0;          // seconds
  double value_weight = 0;      // the leader values the round's data at value_weight ln(1 + sum theta x)
  double expected_utility = 0;  // what the leader expects at this price (its own model)
};

// A reverse auction for `slots` deliveries of one batch within `latency`; vehicles bid their
// cost, the lowest bids win and each winner is paid the same clearing price (auction.hpp).
struct AuctionRules {
  std::size_t slots = 0;
  double reserve = 0;  // the most the server pays for one slot
  double latency = 0;  // seconds
};

// A contract menu of its own for each vehicle of the market state (menus[i] for
// MarketState::vehicles[i]), or none: that vehicle gets no offer this round. Each menu must
// keep IR and IC by itself, as the vehicle sees only its own.
struct PersonalMenus {
  std::vector<std::optional<ContractMenu>> menus;
};

using Offer = std::variant<ContractMenu, PostedPrice, AuctionRules, PersonalMenus>;

}  // namespace vsm::policies
