#include "app/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vsm::app {
namespace {

constexpr double kBarInterval = 0.2;     // seconds between redraws on a terminal
constexpr double kLineInterval = 10.0;   // seconds between lines in a log

}  // namespace

ProgressStyle pick_progress_style(bool quiet) {
  if (quiet) return ProgressStyle::Quiet;
  return isatty(STDERR_FILENO) ? ProgressStyle::Bar : ProgressStyle::Lines;
}

Progress::Progress(ProgressStyle style, const sim::RoundClock& rounds)
    : style_(style), rounds_(rounds), start_(Clock::now()), last_(start_) {}

std::string Progress::format_seconds(double seconds) {
  long s = std::lround(std::max(0.0, seconds));
  char text[32];
  if (s >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else if (s >= 60) std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  else std::snprintf(text, sizeof text, "%ld s", s);
  return text;
}

std::string Progress::render(double sim_time, double elapsed) const {
  const double duration = rounds_.duration;
  double fraction = std::clamp(sim_time / duration, 0.0, 1.0);
  long rounds_total = std::lround(std::ceil(duration / rounds_.period));
  long round = std::min(rounds_total, static_cast<long>(std::floor(sim_time / rounds_.period)));
  std::string eta = fraction > 0 ? format_seconds(elapsed * (1 - fraction) / fraction) : "?";
  char text[200];
  if (style_ == ProgressStyle::Bar) {
    constexpr int kWidth = 30;
    int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    std::snprintf(text, sizeof text, "[%s] %3.0f%%  sim %.0f/%.0f s  round %ld/%ld  ETA %s", bar.c_str(),
                  fraction * 100, sim_time, duration, round, rounds_total, eta.c_str());
  } else {
    std::snprintf(text, sizeof text, "vsm: %.0f%% sim %.0f/%.0f s, round %ld/%ld, elapsed %s, ETA %s", fraction * 100,
                  sim_time, duration, round, rounds_total, format_seconds(elapsed).c_str(), eta.c_str());
  }
  return text;
}

void Progress::update(double sim_time) {
  if (style_ == ProgressStyle::Quiet) return;
  auto now = Clock::now();
  double since_last = std::chrono::duration<double>(now - last_).count();
  if (since_last < (style_ == ProgressStyle::Bar ? kBarInterval : kLineInterval)) return;
  last_ = now;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  if (style_ == ProgressStyle::Bar) std::fprintf(stderr, "\r%s\033[K", render(sim_time, elapsed).c_str());
  else std::fprintf(stderr, "%s\n", render(sim_time, elapsed).c_str());
  std::fflush(stderr);
}

void Progress::finish(double sim_time, const std::string& status) {
  if (style_ == ProgressStyle::Quiet) return;
  double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  if (style_ == ProgressStyle::Bar) std::fprintf(stderr, "\r\033[K");
  std::fprintf(stderr, "vsm: %s after %.0f simulated s in %s wall\n", status.c_str(), sim_time,
               format_seconds(elapsed).c_str());
}

}  // namespace vsm::app
