#pragma once
// Progress of a long run on stderr: a bar redrawn in place on a terminal, plain periodic lines
// otherwise (logs, CI, sweeps), nothing with --quiet. Throttled by wall clock, so calling
// update() often costs nothing.

#include <chrono>
#include <string>

#include "sim/round_clock.hpp"

namespace vsm::app {

enum class ProgressStyle { Bar, Lines, Quiet };

// Bar when stderr is a terminal, Lines otherwise, Quiet when asked.
ProgressStyle pick_progress_style(bool quiet);

class Progress {
 public:
  Progress(ProgressStyle style, const sim::RoundClock& rounds);
  void update(double sim_time);
  void finish(double sim_time, const std::string& status);

  // "1:02:03" / "2:03" / "12 s"
  static std::string format_seconds(double seconds);
  // The text of one report (bar or line), for the given wall time elapsed.
  std::string render(double sim_time, double elapsed) const;

 private:
  using Clock = std::chrono::steady_clock;
  ProgressStyle style_;
  sim::RoundClock rounds_;
  Clock::time_point start_, last_;
};

}  // namespace vsm::app
