#pragma once
// When the market's rounds are due: round r at r x round_period, for every r x round_period
// before the run's duration. Servers, the runner's progress and a driver stepping the market
// round by round all read the rounds from here.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace vsm::sim {

struct RoundClock {
  double period = 0;    // market.round_period, seconds
  double duration = 0;  // the run's duration, seconds

  double due(std::int64_t round) const { return static_cast<double>(round) * period; }
  bool within_run(std::int64_t round) const { return due(round) < duration; }
  // The round to run after `round` finished at time `now`. When a round's uploads outlast the
  // period, the rounds that fell due meanwhile are skipped (their numbers stay unused).
  std::int64_t next(std::int64_t round, double now) const {
    return std::max(round + 1, static_cast<std::int64_t>(std::ceil(now / period)));
  }
};

}  // namespace vsm::sim
