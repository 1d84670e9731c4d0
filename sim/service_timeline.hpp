#pragma once
// Who serves each vehicle over the whole run, known in advance: the mobility model replayed
// tick by tick, as sim::peak_load does and as the run's mobility driver will move it (models are
// pure, so the replay is exact). Only the clairvoyant bound may read it (policies see the
// present: policies/market_state.hpp); tests use it to score dwell predictions.

#include <cstdint>
#include <vector>

#include "sim/scenario.hpp"

namespace vsm::sim {

class ServiceTimeline {
 public:
  explicit ServiceTimeline(const Scenario& scenario);

  // When the vehicle, served by `server` at time t, stops being served by it: the first tick
  // after t at which its server is another (or none); infinity if it stays to the end.
  double leaves(std::size_t vehicle, std::int64_t server, double t) const;

 private:
  struct Change {
    double t;
    std::int64_t server;  // from t on (kNoServer: none)
  };
  std::vector<std::vector<Change>> changes_;  // per vehicle, in time order
};

}  // namespace vsm::sim
