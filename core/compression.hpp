#pragma once
// A finished result file, compressed. While a run writes its file, chunks stay uncompressed: a
// compressed chunk that grows moves in the file, which a kill can catch half-done (see
// core/result_file.hpp). When the run has ended, the file is rewritten whole with every column
// through HDF5's shuffle and deflate filters (level 4), which any HDF5 reader (h5py, pandas,
// h5dump) undoes by itself, and a column that repeats an earlier one byte for byte (with the same
// attributes) stored once under both names: city-10k's file shrinks about sixfold
// (bench/RESULTS.md). A run's full chunks are compressed while it runs, on the core the
// (single-threaded) simulation leaves idle (core/chunk_compressor.hpp), so that the rewrite
// mostly copies them.

#include <map>
#include <string>
#include <vector>

namespace vsm::core {

// Chunks compressed ahead: for each column ("table/column"), its first chunks in order, each as
// it is stored (the cells shuffled, then deflated, as HDF5's filters make them).
using CompressedChunks = std::map<std::string, std::vector<std::vector<unsigned char>>>;

// A whole chunk of `cell`-byte cells as the columns' filters store it: shuffled, then deflated.
std::vector<unsigned char> compressed_chunk(const std::vector<unsigned char>& cells, std::size_t cell);

// Rewrites the result file at `path` compressed: every table (group of columns), every column
// with its type, chunking and attributes (a repeated column as a hard link to its first copy),
// every attribute of the file and its tables. `ready` holds chunks already compressed (a
// ChunkCompressor's, from the same rows). The copy
// is written as PATH.compressing and then renamed over PATH, so PATH is at every moment either
// the file as written or its complete compressed copy. Throws h5::Error (PATH then unchanged,
// no PATH.compressing left).
void compress_result_file(const std::string& path, const CompressedChunks& ready = {});

}  // namespace vsm::core
