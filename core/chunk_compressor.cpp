#include "core/chunk_compressor.hpp"

#include <pthread.h>

#include <csignal>

namespace vsm::core {

ChunkCompressor::ChunkCompressor() {
  // Ctrl-C and SIGTERM are the run's (core/stop_request.hpp): a signal the kernel handed to this
  // thread would meet a handler meant for the main one (SimGrid's, while the market is built).
  // The thread starts with every signal blocked, inherited from a mask set around its creation.
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &before);
  try {
    worker_ = std::thread([this] { work(); });
  } catch (...) {
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

ChunkCompressor::~ChunkCompressor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ChunkCompressor::add(const std::string& column, std::vector<unsigned char> cells, std::size_t cell) {
  {
    std::lock_guard lock(mutex_);
    if (failed_ || stopping_) return;
    jobs_.push_back({column, std::move(cells), cell});
  }
  wake_.notify_all();
}

void ChunkCompressor::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, and nothing left
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    std::vector<unsigned char> stored;
    bool failed = false;
    try {
      stored = compressed_chunk(job.cells, job.cell);
    } catch (const std::exception&) {  // out of memory: the rewrite compresses everything itself
      failed = true;
    }
    lock.lock();
    if (failed) {
      failed_ = true;
      jobs_.clear();
    } else {
      done_[job.column].push_back(std::move(stored));
    }
  }
}

CompressedChunks ChunkCompressor::take() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  if (failed_) return {};
  return std::move(done_);
}

}  // namespace vsm::core
