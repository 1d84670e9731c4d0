#include "agents/vehicle.hpp"

#include <algorithm>

#include "policies/contract/model.hpp"
#include "policies/game/stackelberg.hpp"

namespace vsm::agents {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

Vehicle::Vehicle(sim::VehicleInit init, bool claims_high)
    : init_(std::move(init)), claims_high_(claims_high && init_.malicious) {}

std::optional<double> Vehicle::value_of(const policies::ContractMenu& menu, double latency_max) const {
  const Response response = respond(menu, latency_max);
  if (!response.participates) return std::nullopt;
  const auto& item = menu.items[response.item];
  return claims_high_ ? item.reward : policies::user_utility(init_.theta, init_.cost, item, latency_max);
}

Response Vehicle::respond(const policies::Offer& offer, double latency_max) const {
  return std::visit(
      Overloaded{
          [&](const policies::ContractMenu& menu) {
            if (claims_high_ && !menu.items.empty()) {  // the item with the richest reward, as if of the top type
              auto richest = std::max_element(menu.items.begin(), menu.items.end(),
                                              [](const auto& a, const auto& b) { return a.reward < b.reward; });
              return Response{true, static_cast<std::size_t>(richest - menu.items.begin()), 0, 0};
            }
            auto item = policies::best_item(menu, init_.theta, init_.cost, latency_max, init_.type);
            return Response{item.has_value(), item.value_or(0), 0, 0};
          },
          [&](const policies::PostedPrice& posted) {
            double amount = policies::best_supply(posted.price, money_cost());
            return Response{amount > 0, 0, amount, 0};
          },
          [&](const policies::AuctionRules& rules) {
            return Response{true, 0, 0, money_cost() * (latency_max / rules.latency - 1.0)};
          },
          // Never sent: a server sends each vehicle its own menu of a PersonalMenus offer.
          [](const policies::PersonalMenus&) { return Response{}; },
      },
      offer);
}

}  // namespace vsm::agents
