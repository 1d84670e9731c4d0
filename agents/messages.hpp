#pragma once
// The market protocol: a server sends each vehicle it serves an offer, the vehicle answers with
// its best response (EdgeServer::ask). Each message occupies market.message_bytes on the air.

#include <cstddef>

#include "policies/offer.hpp"

namespace vsm::agents {

struct Response {
  bool participates = false;
  std::size_t item = 0;  // contract menu: the item taken
  double amount = 0;     // posted price: batches supplied
  double bid = 0;        // auction: the cost bid (truthful)
};

}  // namespace vsm::agents
