#pragma once
// Running other programs through the shell (sbatch, squeue, the plotting module).

#include <string>

namespace vsm::app {

// `text` as one shell word: 'it'\''s' for it's.
std::string shell_quoted(const std::string& text);

// Runs a shell command and returns what it printed (stdout and stderr); throws
// std::runtime_error with that output when it exits non-zero.
std::string run_shell(const std::string& command);

}  // namespace vsm::app
