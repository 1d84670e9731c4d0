#pragma once
// Running the built `vsm` binary from tests: as a child process whose output is captured, and
// which a test may signal while it runs.

#include <gtest/gtest.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/analysis/identical_results.hpp"

namespace vsm::testing {

struct ProcessResult {
  int exit_code = -1;   // when it exited
  int term_signal = 0;  // when a signal killed it
  std::string out, err;
};

class Child {
 public:
  // Starts argv[0] with its stdout and stderr going to files in `dir`.
  Child(const std::vector<std::string>& argv, const std::string& dir);
  void signal(int sig) const;
  ProcessResult wait();

 private:
  pid_t pid_ = -1;
  std::string out_path_, err_path_;
};

ProcessResult run(const std::vector<std::string>& argv, const std::string& dir);

std::string make_temp_dir();  // a new empty directory
std::string read_file(const std::string& path);
std::string vsm_binary();
std::string source_path(const std::string& relative);  // a file of the repository
void write_file(const std::string& path, const std::string& text);

// A test that runs `vsm` in a fresh temporary directory, removed afterwards.
class VsmTest : public ::testing::Test {
 protected:
  std::string dir = make_temp_dir();
  std::string paper = source_path("scenarios/paper-iov-contract.yaml");
  void TearDown() override;
  ProcessResult vsm(std::vector<std::string> args) const;  // `vsm args...` in `dir`
};

}  // namespace vsm::testing
