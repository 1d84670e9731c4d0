#include "tests/e2e/process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>


namespace vsm::testing {

Child::Child(const std::vector<std::string>& argv, const std::string& dir) {
  static int counter = 0;
  std::string stem = dir + "/proc" + std::to_string(counter++);
  out_path_ = stem + ".out";
  err_path_ = stem + ".err";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = open("/dev/null", O_RDONLY);
    dup2(out, 1);
    dup2(err, 2);
    dup2(null, 0);
    if (chdir(dir.c_str()) != 0) _exit(126);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
}

void Child::signal(int sig) const { kill(pid_, sig); }

ProcessResult Child::wait() {
  int status = 0;
  waitpid(pid_, &status, 0);
  ProcessResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.term_signal = WTERMSIG(status);
  r.out = read_file(out_path_);
  r.err = read_file(err_path_);
  return r;
}

ProcessResult run(const std::vector<std::string>& argv, const std::string& dir) { return Child(argv, dir).wait(); }

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "vsm-e2e-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string vsm_binary() { return VSM_BINARY; }

void VsmTest::TearDown() { std::filesystem::remove_all(dir); }

ProcessResult VsmTest::vsm(std::vector<std::string> args) const {
  args.insert(args.begin(), vsm_binary());
  return run(args, dir);
}

std::string source_path(const std::string& relative) { return std::string(VSM_SOURCE_DIR) + "/" + relative; }

}  // namespace vsm::testing
