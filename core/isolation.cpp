#include "core/isolation.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>

namespace vsm::core {
namespace {

// The child's message: a kind byte ('R' returned, 'T' threw), the code (4 bytes), then the text.
// A child that dies before writing all of it crashed, whatever its exit status says (the
// sanitizers turn a SIGSEGV into an exit with status 1).
constexpr char kReturned = 'R', kThrew = 'T';
constexpr std::size_t kHeader = 5;

void write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) _exit(127);
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void be_the_child(int fd, const std::function<int(std::string&)>& work) {
  std::string message(kHeader, '\0');
  try {
    std::string output;
    const std::int32_t code = work(output);
    message[0] = kReturned;
    std::memcpy(message.data() + 1, &code, sizeof code);
    message += output;
  } catch (const std::exception& e) {
    message[0] = kThrew;
    message += e.what();
  } catch (...) {
    message[0] = kThrew;
    message += "an unknown exception";
  }
  write_all(fd, message);
  _exit(0);  // no atexit handlers, no flushing of the parent's buffers twice
}

}  // namespace

Isolated run_isolated(const std::function<int(std::string& output)>& work, double timeout_seconds) {
  std::fflush(nullptr);
  int fds[2];
  if (::pipe(fds) != 0) return {Isolated::Outcome::Crashed, 0, "", "cannot create a pipe"};
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return {Isolated::Outcome::Crashed, 0, "", "cannot start a child process"};
  }
  if (child == 0) {
    ::close(fds[0]);
    // What a crashing library prints (glibc's "free(): invalid pointer") is not for the user:
    // the parent reports the crash in its own words.
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, STDERR_FILENO);
    be_the_child(fds[1], work);
  }
  ::close(fds[1]);

  std::string message;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  char buffer[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd readable{fds[0], POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;  // timeout or EINTR: look again
    ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n <= 0) break;  // the child closed its end: done, or dead
    message.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(child, SIGKILL);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }

  Isolated result;
  if (timed_out) {
    result.outcome = Isolated::Outcome::TimedOut;
    result.failure = "reading it did not finish in " + std::to_string(static_cast<long>(timeout_seconds)) + " s";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && message.size() >= kHeader &&
             (message[0] == kReturned || message[0] == kThrew)) {
    result.outcome = message[0] == kReturned ? Isolated::Outcome::Returned : Isolated::Outcome::Threw;
    std::int32_t code = 0;
    std::memcpy(&code, message.data() + 1, sizeof code);
    result.code = code;
    (result.returned() ? result.output : result.failure) = message.substr(kHeader);
  } else {
    result.outcome = Isolated::Outcome::Crashed;
    result.failure = WIFSIGNALED(status) ? std::string("reading it crashed (") + strsignal(WTERMSIG(status)) + ")"
                                         : "reading it crashed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  }
  return result;
}

}  // namespace vsm::core
