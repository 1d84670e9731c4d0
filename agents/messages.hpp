#pragma once
// The market protocol's messages, sent through SimGrid mailboxes: a server sends each vehicle
// it serves an offer, the vehicle answers with its best response. Each message occupies
// market.message_bytes on the air.

#include <cstddef>

#include "policies/offer.hpp"

namespace simgrid::s4u {
class Mailbox;
}

namespace vsm::agents {

struct Response {
  bool participates = false;
  std::size_t item = 0;  // contract menu: the item taken
  double amount = 0;     // posted price: batches supplied
  double bid = 0;        // auction: the cost bid (truthful)
};

struct OfferMessage {
  policies::Offer offer;
  double latency_max = 0;
  simgrid::s4u::Mailbox* reply_to = nullptr;
};

struct ResponseMessage {
  std::size_t vehicle = 0;
  Response response;
};

}  // namespace vsm::agents
