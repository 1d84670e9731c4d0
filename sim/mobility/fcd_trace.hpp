#pragma once
// A SUMO floating-car-data trace (`sumo --fcd-output`, XML): for every time step, the position
// of every vehicle on the road. Read with pugixml; person and container elements are ignored.

#include <string>
#include <vector>

namespace vsm::sim {

struct FcdTrace {
  struct Sample {
    double t = 0, x = 0, y = 0;
  };
  std::vector<std::string> ids;             // vehicle ids, in order of first appearance
  std::vector<std::vector<Sample>> tracks;  // per vehicle, in time order
  double step = 0;                          // the trace's time step (smallest gap between time steps)
  double end = 0;                           // the last time step
};

// Throws InputError naming the file (and line, for malformed XML) when the trace is unusable.
FcdTrace read_fcd_trace(const std::string& path);

}  // namespace vsm::sim
