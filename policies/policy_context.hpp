#pragma once
// What a policy is built for: the scenario and the server that runs it.

#include <string>

#include "sim/scenario.hpp"

namespace vsm::policies {

struct PolicyContext {
  const sim::Scenario& scenario;
  std::string server;  // its name: names the policy's own random stream
};

}  // namespace vsm::policies
