#pragma once
// Vehicles driven by a SUMO FCD trace. Simulation time is the trace's time. Between two
// consecutive samples of a vehicle (at most 1.5 trace steps apart) its position is interpolated
// linearly; before its first sample, after its last one and in longer gaps it is off the road.

#include <memory>

#include "sim/mobility/fcd_trace.hpp"
#include "sim/mobility/mobility_model.hpp"

namespace vsm::sim {

class TraceMobility : public MobilityModel {
 public:
  explicit TraceMobility(const Scenario& scenario);
  void advance_to(double t) override;
  double settles_at() const override { return trace_->end; }

 private:
  std::shared_ptr<const FcdTrace> trace_;
  std::vector<std::size_t> cursor_;  // per vehicle: index of the last sample at or before the time
};

}  // namespace vsm::sim
