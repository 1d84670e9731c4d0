#include "core/stop_request.hpp"

#include <csignal>

namespace vsm::core {
namespace {

void on_stop_signal(int signal) { g_stop_signal.store(signal); }

}  // namespace

void catch_stop_signals(bool only_once) {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = only_once ? SA_RESETHAND : 0;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void release_stop_signals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

}  // namespace vsm::core
