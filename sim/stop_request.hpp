#pragma once
// A request to stop the run at the end of the current market round (SIGINT / SIGTERM).
// Set from a signal handler, read by the actors: a lock-free atomic is safe for both.

#include <atomic>

namespace vsm::sim {

inline std::atomic<int> g_stop_signal{0};  // 0, or the signal that asked to stop

inline bool stop_requested() { return g_stop_signal.load(std::memory_order_relaxed) != 0; }

}  // namespace vsm::sim
