#pragma once
// Every feature that adds to a scenario, in one place: the policies a server may run and the
// sections beside the world (ledger:, reputation:). Adding a section is one line in
// features.cpp (docs/tour.md "Add a scenario section").

#include "sim/scenario.hpp"

namespace vsm::app {

const sim::ScenarioSchema& scenario_schema();

}  // namespace vsm::app
