#pragma once
// The air time a server has promised on its own radio, for contract.coverage_aware.
//
// A vehicle pacing its sensing (vehicles.sensing: paced) starts its upload m seconds before its
// deadline (m: vehicles.upload_margin). Uploads on one 802.11 cell share it by air time: a flow
// at rate r_i gets the same throughput x as every other, with sum_i x / r_i <= 1 (SimGrid's wifi
// model). So uploads starting together all finish after the sum of their solo air times
// (size / r_i), and an upload is on time only if the air time started within its m seconds is
// at most m. The plan keeps that sum per window of m seconds, as the server expects it from the
// menus it has offered: a vehicle whose item it cannot tell (it has not dealt with this server
// yet) counts in each item's window with that item's type probability.

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace vsm::policies {

// Uploads a server expects: (when one starts, its expected seconds on the air).
using ExpectedUploads = std::vector<std::pair<double, double>>;

class AirtimePlan {
 public:
  explicit AirtimePlan(double window) : window_(window) {}
  double window() const { return window_; }
  // Expected seconds of air time promised to uploads that start in t's window.
  double promised(double t) const;
  // Whether `uploads` would keep every window they start in at most `room` seconds full.
  bool fits(const ExpectedUploads& uploads, double room) const;
  void promise(const ExpectedUploads& uploads);
  // Drops the windows that end before t: their uploads have started.
  void forget_before(double t);

 private:
  std::int64_t slot(double t) const;
  double window_;
  std::map<std::int64_t, double> promised_;  // window index -> seconds of air time
};

}  // namespace vsm::policies
