#pragma once
// Vehicles driven by a SUMO FCD trace. Simulation time is the trace's time. Between two
// consecutive samples of a vehicle (at most 1.5 trace steps apart) its position is interpolated
// linearly; before its first sample, after its last one and in longer gaps it is off the road.
// The trace is read as time goes (sim/mobility/fcd_trace.hpp): two time steps in memory.

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
  FcdSteps steps_;
  // The last time step at or before the time (once there is one), and the one after it. A
  // vehicle's two samples at most 1.5 steps apart can only be in two consecutive time steps,
  // which are at least a step apart each.
  FcdSteps::Step at_, after_;
  bool started_ = false, more_ = false;
  std::vector<std::size_t> in_after_;  // per vehicle: 1 + its sample's place in after_, or 0
};

}  // namespace vsm::sim
