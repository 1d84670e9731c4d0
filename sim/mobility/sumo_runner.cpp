#include "sim/mobility/sumo_runner.hpp"

#include <expat.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/hash.hpp"
#include "core/input_error.hpp"

extern char** environ;

namespace vsm::sim {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path.string() + ": cannot read this SUMO input");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The input files a configuration names (<net-file value="net.xml"/>, <route-files>,
// <additional-files>: comma-separated lists), resolved against its directory as SUMO does.
std::vector<fs::path> config_inputs(const std::string& config, const std::string& text) {
  struct Found {
    std::vector<std::string> values;
  } found;
  XML_Parser parser = XML_ParserCreate(nullptr);
  XML_SetUserData(parser, &found);
  XML_SetStartElementHandler(parser, [](void* data, const XML_Char* name, const XML_Char** attributes) {
    for (const char* input : {"net-file", "route-files", "additional-files"})
      if (std::strcmp(name, input) == 0)
        for (; *attributes != nullptr; attributes += 2)
          if (std::strcmp(attributes[0], "value") == 0) static_cast<Found*>(data)->values.emplace_back(attributes[1]);
  });
  const bool parsed = XML_Parse(parser, text.data(), static_cast<int>(text.size()), XML_TRUE) == XML_STATUS_OK;
  std::string error = parsed ? "" : config + ":" + std::to_string(XML_GetCurrentLineNumber(parser)) +
                                        ": not well-formed XML: " + XML_ErrorString(XML_GetErrorCode(parser));
  XML_ParserFree(parser);
  if (!parsed) throw core::InputError(error);
  std::vector<fs::path> inputs;
  for (const auto& value : found.values) {
    std::stringstream list(value);
    for (std::string name; std::getline(list, name, ',');) {
      name.erase(0, name.find_first_not_of(" \t"));
      name.erase(name.find_last_not_of(" \t") + 1);
      if (!name.empty()) inputs.push_back(fs::path(config).parent_path() / name);
    }
  }
  if (inputs.empty()) throw core::InputError(config + ": names no net-file or route-files: is it a SUMO configuration?");
  return inputs;
}

// Runs a program with its output (stdout and stderr) into `log`; the exit status, or -1 when
// it could not be started (not installed).
int run_program(const std::vector<std::string>& args, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// SUMO's first error line in its output ("Error: ..."), else its last line.
std::string first_error(const std::string& output) {
  std::stringstream lines(output);
  std::string line, last;
  while (std::getline(lines, line)) {
    if (line.rfind("Error:", 0) == 0) return line;
    if (!line.empty()) last = line;
  }
  return last.empty() ? "no output" : last;
}

// An exclusive lock on a file, held while it lives.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace

std::string sumo_cache_dir() {
  if (const char* dir = std::getenv("VSM_CACHE_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir != nullptr && *dir != '\0') return std::string(dir) + "/vsm";
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "/tmp") + "/.cache/vsm";
}

std::string sumo_trace(const std::string& config) {
  std::string text;
  {
    std::ifstream in(config, std::ios::binary);
    if (!in) throw core::InputError(config + ": cannot open the SUMO configuration");
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  const std::vector<fs::path> inputs = config_inputs(config, text);

  const fs::path dir = fs::path(sumo_cache_dir()) / "sumo";
  std::error_code failed;
  fs::create_directories(dir, failed);
  if (failed) throw core::InputError(dir.string() + ": cannot create the SUMO trace cache (set VSM_CACHE_DIR): " + failed.message());
  const std::string version_log = (dir / ("version-" + std::to_string(::getpid()) + ".log")).string();
  const int version_status = run_program({"sumo", "--version"}, version_log);
  const std::string version = version_status == 0 ? read_file(version_log) : "";
  fs::remove(version_log, failed);
  if (version_status != 0)
    throw core::InputError(
        "running SUMO needs its `sumo` program on the PATH (Debian: apt-get install sumo), or give a trace");

  // Everything that makes the trace: the version, the options below, the configuration and
  // every input it names, by name and by content.
  // No schema validation: it looks schemas up on the web when SUMO_HOME is not set, and a run
  // must not depend on the network.
  const std::vector<std::string> options = {"--fcd-output.attributes", "x,y", "--no-step-log", "true",
                                            "--xml-validation", "never", "--xml-validation.net", "never",
                                            "--xml-validation.routes", "never"};
  std::string made_of = "vsm sumo fcd 1\n";
  made_of += version.substr(0, version.find('\n'));
  for (const auto& option : options) (made_of += '\n') += option;
  (made_of += '\n') += text;
  for (const auto& input : inputs) ((made_of += '\n') += input.filename().string()) += read_file(input);
  char key[17];
  std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(core::fnv1a(made_of)));
  const fs::path trace = dir / (std::string(key) + ".fcd.xml");

  if (fs::exists(trace)) return trace.string();
  FileLock lock(dir / (std::string(key) + ".lock"));  // another process may be making it
  if (fs::exists(trace)) return trace.string();
  const fs::path making = dir / (std::string(key) + ".making-" + std::to_string(::getpid()));
  const fs::path log = dir / (std::string(key) + ".log");
  std::vector<std::string> args = {"sumo", "-c", config, "--fcd-output", making.string()};
  args.insert(args.end(), options.begin(), options.end());
  const int status = run_program(args, log.string());
  if (status != 0) {
    fs::remove(making, failed);
    std::string why = config;
    why += ": SUMO failed (exit " + std::to_string(status) + "): ";
    why += first_error(read_file(log));
    why += " (its output: " + log.string() + ")";
    throw core::InputError(why);
  }
  fs::rename(making, trace);
  return trace.string();
}

}  // namespace vsm::sim
