#pragma once
// A run's full chunks compressed while it runs, on a thread of its own: the simulation is one
// thread and the machine has two cores, so compress_result_file (core/compression.hpp) mostly
// writes chunks already made.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/compression.hpp"

namespace vsm::core {

// Compresses full chunks on a thread of its own. Only the bytes given are touched (HDF5 is not
// thread-safe), and a chunk compresses to the same bytes whenever it is done: the file that
// comes out is the same bit for bit.
class ChunkCompressor {
 public:
  ChunkCompressor();
  ~ChunkCompressor();  // drops what is still queued
  ChunkCompressor(const ChunkCompressor&) = delete;
  ChunkCompressor& operator=(const ChunkCompressor&) = delete;

  // The next full chunk of `column`: its cells as stored, `cell` bytes each.
  void add(const std::string& column, std::vector<unsigned char> cells, std::size_t cell);
  // Waits for every chunk added and hands them over; nothing when one failed (out of memory):
  // compress_result_file then compresses them itself.
  CompressedChunks take();

 private:
  struct Job {
    std::string column;
    std::vector<unsigned char> cells;
    std::size_t cell;
  };
  void work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  CompressedChunks done_;
  bool stopping_ = false, failed_ = false;
  std::thread worker_;  // started in the constructor, once everything above exists
};

}  // namespace vsm::core
