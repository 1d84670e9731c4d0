#pragma once
// A request to stop the run at the end of the current market round (SIGINT / SIGTERM).
// Set from a signal handler, read by the actors: a lock-free atomic is safe for both.

#include <atomic>

namespace vsm::core {

inline std::atomic<int> g_stop_signal{0};  // 0, or the signal that asked to stop (-1: an error)

inline bool stop_requested() { return g_stop_signal.load(std::memory_order_relaxed) != 0; }

// SIGINT and SIGTERM set g_stop_signal instead of ending the process. With `only_once`, the
// first signal is caught and a second one acts as usual (stops at once). Blocking calls such
// as waitpid return with EINTR when one arrives.
void catch_stop_signals(bool only_once);
void release_stop_signals();  // the default actions again

// Holds SIGINT and SIGTERM back (blocked, not lost) until catch_stop_signals or
// release_stop_signals: for a stretch where a library installs handlers of its own (SimGrid's
// engine installs one for SIGINT that exits with status 1).
void hold_stop_signals();

}  // namespace vsm::core
