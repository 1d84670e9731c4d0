#pragma once
// What a policy offers the vehicles in a round. Stackelberg prices and auction rules join the
// variant as those mechanisms arrive.

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

using Offer = std::variant<ContractMenu>;

}  // namespace vsm::policies
