#pragma once
// An error the user caused (bad scenario, bad flag, missing file). The message is complete and
// one line long, e.g. "scenarios/x.yaml:12:5: vehicles.count: must be >= 1 (got 0)".
// The command line prints it and exits with code 2.

#include <stdexcept>
#include <string>

namespace vsm::core {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace vsm::core
