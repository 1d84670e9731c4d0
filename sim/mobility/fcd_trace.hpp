#pragma once
// A SUMO floating-car-data trace (`sumo --fcd-output`, XML): for every time step, the position
// of every vehicle on the road. Read as a stream (expat), a chunk at a time: one pass when the
// scenario is read learns the vehicles and the time steps (FcdTrace), and the run reads the
// time steps again as it goes (FcdSteps), so memory grows with the vehicles, never with the
// length of the trace. Person and container elements are ignored.

#include <array>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace vsm::sim {

struct FcdTrace {
  std::string path;
  std::vector<std::string> ids;                        // vehicle ids, in order of first appearance
  std::unordered_map<std::string, std::size_t> index;  // id -> its place in ids
  std::vector<std::array<double, 2>> first;            // each vehicle's first position
  double step = 0;  // the trace's time step (smallest gap between time steps)
  double end = 0;   // the last time step
};

// Throws InputError naming the file (and line, for a malformed trace) when it is unusable.
FcdTrace read_fcd_trace(const std::string& path);

class FcdParser;

// The time steps of a trace read before, in order.
class FcdSteps {
 public:
  struct Sample {
    std::size_t vehicle = 0;  // index in FcdTrace::ids
    double x = 0, y = 0;
  };
  struct Step {
    double time = 0;
    std::vector<Sample> samples;  // in the file's order
  };

  explicit FcdSteps(std::shared_ptr<const FcdTrace> trace);
  ~FcdSteps();
  // The next time step into `step`; false after the last. Throws InputError if the file no
  // longer is the trace read before.
  bool next(Step& step);

 private:
  std::shared_ptr<const FcdTrace> trace_;
  std::unique_ptr<FcdParser> parser_;
};

}  // namespace vsm::sim
