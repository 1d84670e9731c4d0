#pragma once
// Child `vsm` processes (sweep points, training episodes): started with their output in a log
// file, and dying with their parent (PR_SET_PDEATHSIG), so a killed parent leaves no orphans.

#include <sys/types.h>

#include <string>
#include <vector>

namespace vsm::app {

// This executable's path, for running `vsm` again as a child.
std::string vsm_executable();
// Starts `args` (args[0] the program) with stdout and stderr in `log`. Throws if fork fails.
pid_t start_logged(const std::vector<std::string>& args, const std::string& log);
// The last non-empty line of a text file ("" when it has none).
std::string last_line(const std::string& path);
// A child's exit code: its own, or 128 + the signal that killed it.
int exit_code(int wait_status);

}  // namespace vsm::app
