#include "core/chunk_compressor.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

// What its chunks are (the same as the rewrite's, and used by it) is in compression_test.cpp.

namespace vsm::core {
namespace {

// The signal masks of this process's threads but the calling one, by thread id, read from
// /proc/self/task once every such thread is asleep: a thread that is still starting has every
// signal blocked until glibc gives it its own mask.
std::map<std::string, unsigned long long> other_threads_blocked_signals() {
  const std::string self = std::to_string(gettid());
  for (int attempt = 0;; ++attempt) {
    std::map<std::string, unsigned long long> masks;
    bool all_asleep = true;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
      const std::string id = task.path().filename();
      if (id == self) continue;
      std::ifstream status(task.path() / "status");
      for (std::string line; std::getline(status, line);) {
        if (line.rfind("State:", 0) == 0) all_asleep = all_asleep && line.find("(sleeping)") != std::string::npos;
        if (line.rfind("SigBlk:", 0) == 0) masks[id] = std::stoull(line.substr(7), nullptr, 16);
      }
    }
    if (all_asleep || attempt == 1000) return masks;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(ChunkCompressorThread, BlocksCtrlCAndSigtermSoThatTheRunsOwnHandlerGetsThem) {
  const auto before = other_threads_blocked_signals();
  ChunkCompressor compressor;
  const auto after = other_threads_blocked_signals();
  ASSERT_EQ(after.size(), before.size() + 1) << "one thread more: the compressor's";
  for (const auto& [id, mask] : after) {
    if (before.contains(id)) continue;
    EXPECT_TRUE(mask & (1ULL << (SIGINT - 1))) << std::hex << mask;
    EXPECT_TRUE(mask & (1ULL << (SIGTERM - 1))) << std::hex << mask;
  }
  sigset_t mine;
  pthread_sigmask(SIG_SETMASK, nullptr, &mine);
  EXPECT_FALSE(sigismember(&mine, SIGINT)) << "the calling thread's mask is as it was";
}

}  // namespace
}  // namespace vsm::core
