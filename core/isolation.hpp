#pragma once
// Reading files that others wrote, without trusting them. The HDF5 library trusts the
// addresses and lengths it finds in a file, so a corrupted file can crash it (SIGSEGV,
// free() aborting) and no check before opening catches every such file. So the work that
// touches such a file runs in a child process: a crash or a hang there becomes an error that
// names what happened, and the reader goes on with its other files.

#include <functional>
#include <string>

namespace vsm::core {

struct Isolated {
  enum class Outcome { Returned, Threw, Crashed, TimedOut };
  Outcome outcome = Outcome::Crashed;
  int code = 0;         // Returned: what the work returned
  std::string output;   // Returned: what the work wrote into its output
  std::string failure;  // otherwise: the exception's message, or how the child died

  bool returned() const { return outcome == Outcome::Returned; }
  // The failure as one line about `path`: the reader's own errors name the file already.
  std::string failure_about(const std::string& path) const {
    return failure.rfind(path, 0) == 0 ? failure : path + ": " + failure;
  }
};

// Runs `work` in a forked child and waits at most `timeout_seconds` for it. The work fills its
// output and returns a code; an exception it throws comes back as its message. Nothing the
// child does otherwise (memory, open files) reaches the caller. Call it while single-threaded.
Isolated run_isolated(const std::function<int(std::string& output)>& work, double timeout_seconds = 120);

}  // namespace vsm::core
