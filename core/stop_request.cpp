#include "core/stop_request.hpp"

#include <csignal>

namespace vsm::core {
namespace {

void on_stop_signal(int signal) { g_stop_signal.store(signal); }

void set_stop_signals_blocked(bool blocked) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigprocmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &signals, nullptr);
}

}  // namespace

void hold_stop_signals() { set_stop_signals_blocked(true); }

void catch_stop_signals(bool only_once) {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = only_once ? SA_RESETHAND : 0;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  set_stop_signals_blocked(false);  // one held back arrives now, at this handler
}

void release_stop_signals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  set_stop_signals_blocked(false);
}

}  // namespace vsm::core
