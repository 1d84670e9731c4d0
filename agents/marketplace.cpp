#include "agents/marketplace.hpp"

#include <cmath>
#include <limits>
#include <simgrid/s4u/Actor.hpp>

#include "agents/radio_access.hpp"

namespace vsm::agents {

Marketplace::Marketplace(std::size_t servers, std::size_t vehicles, const RadioAccess& access)
    : access_(access),
      due_(servers, std::numeric_limits<double>::quiet_NaN()),
      posts_(vehicles),
      winner_(vehicles, -1),
      offers_(vehicles, 0),
      dealing_(vehicles, false) {}

void Marketplace::expect(std::size_t server, double due) { due_[server] = due; }

void Marketplace::withdraw(std::size_t server) {
  const double due = due_[server];
  due_[server] = std::numeric_limits<double>::quiet_NaN();
  // The others due with it may all have posted and be waiting for this one.
  if (due == posting_at_ && settled_at_ != posting_at_ && !still_due(posting_at_)) settle();
}

bool Marketplace::still_due(double now) const {
  for (double due : due_)
    if (due == now) return true;
  return false;
}

void Marketplace::post_and_wait(std::size_t server, double now, const Values& values) {
  due_[server] = std::numeric_limits<double>::quiet_NaN();
  // Late: its last round ended at this very instant, after its rivals here had settled and gone
  // on to ask. It gets only the vehicles none of them offered to.
  const bool late = settled_at_ == now;
  if (!late && posting_at_ != now) {  // the first post of this instant: forget the last instant's
    for (std::size_t v : posted_vehicles_) posts_[v].clear();
    posted_vehicles_.clear();
    posting_at_ = now;
  }
  for (const auto& [vehicle, value] : values) {
    if (posts_[vehicle].empty()) {
      posted_vehicles_.push_back(vehicle);
      if (late) winner_[vehicle] = static_cast<std::int64_t>(server);
    }
    posts_[vehicle].push_back({server, value});
    if (late) offers_[vehicle] = static_cast<std::int64_t>(posts_[vehicle].size());
  }
  if (late) return;
  if (!still_due(now)) settle();
  while (settled_at_ != now) simgrid::s4u::this_actor::yield();
}

void Marketplace::settle() {
  for (std::size_t v : posted_vehicles_) {
    const auto serving = access_.server_of(v);
    // Better for the vehicle, then its own radio's server, then the lower index. An offer it
    // would decline loses to any it would take; when it would take none, one server still
    // asks it (and hears it decline), so that no vehicle is asked twice at once.
    auto better = [serving](const Post& a, const Post& b) {
      if (a.value.has_value() != b.value.has_value()) return a.value.has_value();
      if (a.value && *a.value != *b.value) return *a.value > *b.value;
      const bool a_serves = static_cast<std::int64_t>(a.server) == serving;
      const bool b_serves = static_cast<std::int64_t>(b.server) == serving;
      if (a_serves != b_serves) return a_serves;
      return a.server < b.server;
    };
    const Post* best = &posts_[v].front();
    for (const Post& post : posts_[v])
      if (better(post, *best)) best = &post;
    winner_[v] = static_cast<std::int64_t>(best->server);
    offers_[v] = static_cast<std::int64_t>(posts_[v].size());
  }
  settled_at_ = posting_at_;
}

}  // namespace vsm::agents
