#pragma once
// A result file being written: root attributes plus tables. A table is a group of 1-D columns
// of equal length. Rows are buffered in memory and reach the file only in flush(), built so
// that a run killed at any moment (even by SIGKILL) leaves a file that any HDF5 reader opens
// and in which every column holds exactly the rows that were written. HDF5 has no journal, and
// a kill can stop the kernel between any two pages of a write; what makes this hold (measured in
// bench/RESULTS.md, "Crash safety"):
//   1. each column grows to exactly the rows written: no padding for a reader to see;
//   2. a table's column lengths all lie in one 4096-byte page of the file (their headers are
//      created small and side by side, and started again on the next page when a page boundary
//      falls among them): the kernel writes a page whole or not at all, so a table's columns
//      grow together or not at all;
//   3. a column never grows into a chunk indexed in the same flush: the next chunk is added
//      (as zeros) and flushed when the column reaches its end, before any row goes into it;
//   4. before each HDF5 flush the superblock's end of allocation is set ahead, and HDF5 writes
//      metadata only when flushed, never to make room in its cache (core/hdf5.cpp);
//   5. text in tables that grow is fixed-width, never in HDF5's global heap;
//   6. each table's `rows` attribute (rows known complete) is then rewritten and flushed, one
//      table at a time in reverse creation order, so a /rounds row is committed only after its
//      trades and uploads. vsm's readers stop at `rows`.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/compression.hpp"
#include "core/hdf5.hpp"

namespace vsm::core {

class ChunkCompressor;  // core/chunk_compressor.hpp: its thread stays out of this header

// One column of a table whose rows are `Row` structs: its name, unit, and the member it reads.
// A text column that grows while a run is written needs a fixed `width` (bytes): variable-
// length text lives in HDF5's global heap, which a kill mid-flush can leave half-written.
template <class Row>
struct Column {
  std::string name;
  std::string unit;
  std::variant<double Row::*, std::int64_t Row::*, std::string Row::*, std::uint8_t Row::*> field;
  std::size_t width = 0;  // text only; 0: variable length
};

// The untyped part of a table: HDF5 columns and their pending values.
class TableWriter {
 public:
  using Buffer = std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>,
                              std::vector<std::uint8_t>>;
  struct ColumnSpec {
    std::string name, unit;
    std::size_t width;
  };
  // `compressor`: where each full chunk of a fixed-size column goes as it is written (or null).
  TableWriter(const h5::Handle& file, const std::string& name, const std::vector<ColumnSpec>& columns,
              std::vector<Buffer> buffers, hsize_t chunk_rows, ChunkCompressor* compressor = nullptr);
  std::vector<Buffer>& pending() { return pending_; }
  void row_added() { ++rows_; }
  std::uint64_t rows() const { return rows_; }
  // Writes the pending rows; calls `flush` (an HDF5 flush of the file) whenever the columns
  // need a new chunk, before any row goes into it.
  void write_pending(const std::function<void()>& flush);
  bool commit();  // updates `rows`; false when nothing changed since the last commit

 private:
  h5::Handle group_;
  std::vector<h5::Handle> columns_;
  std::vector<h5::Handle> set_aside_;  // headers made where a page boundary fell; never named
  std::vector<Buffer> pending_;
  hsize_t chunk_rows_;
  ChunkCompressor* compressor_;
  std::vector<std::string> keys_;                    // "table/column", the compressor's names
  std::vector<std::vector<unsigned char>> filling_;  // each column's chunk being filled, as stored
  std::uint64_t rows_ = 0;       // appended
  std::uint64_t indexed_ = 0;    // rows the columns' chunks can hold
  std::uint64_t written_ = 0;    // in the file
  std::uint64_t committed_ = 0;  // in the `rows` attribute
};

// A typed view of a table: append(row) buffers one row.
template <class Row>
class Table {
 public:
  Table() = default;
  Table(TableWriter* writer, std::vector<Column<Row>> columns) : writer_(writer), columns_(std::move(columns)) {}

// GCC 12 may flag the std::string alternative of the visit below as reading an uninitialised
// (or out-of-bounds) string when it inlines append() for a row type that has no string member.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Warray-bounds"
  void append(const Row& row) {
    auto& pending = writer_->pending();
    for (std::size_t i = 0; i < columns_.size(); ++i)
      std::visit(
          [&](auto member) {
            using Value = std::remove_cvref_t<decltype(row.*member)>;
            std::get<std::vector<Value>>(pending[i]).push_back(row.*member);
          },
          columns_[i].field);
    writer_->row_added();
  }
#pragma GCC diagnostic pop
  std::uint64_t rows() const { return writer_->rows(); }

 private:
  TableWriter* writer_ = nullptr;
  std::vector<Column<Row>> columns_;
};

class ResultFile {
 public:
  // Creates the file as PATH.creating; the first flush() renames it to PATH (replacing what
  // was there), so a file at PATH always opens and carries what was written before that
  // flush. Throws h5::Error.
  explicit ResultFile(const std::string& path);
  ~ResultFile();  // removes PATH.creating if it was never flushed
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;
  static constexpr const char* kCreatingSuffix = ".creating";

  // `chunk_rows`: rows per HDF5 chunk; small for small static tables, the default for streams.
  template <class Row>
  Table<Row> add_table(const std::string& name, std::vector<Column<Row>> columns, hsize_t chunk_rows = 4096) {
    std::vector<TableWriter::ColumnSpec> specs;
    std::vector<TableWriter::Buffer> buffers;
    for (const auto& c : columns) {
      specs.push_back({c.name, c.unit, c.width});
      buffers.push_back(std::visit(
          [](auto member) -> TableWriter::Buffer {
            using Value = std::remove_cvref_t<decltype(std::declval<Row>().*member)>;
            return std::vector<Value>{};
          },
          c.field));
    }
    tables_.push_back(
        std::make_unique<TableWriter>(file_, name, specs, std::move(buffers), chunk_rows, compressor_.get()));
    return Table<Row>(tables_.back().get(), std::move(columns));
  }

  const h5::Handle& root() const { return file_; }
  bool writable() const { return failure_.empty(); }  // false once a flush has failed
  const std::string& path() const { return path_; }

  void flush();  // every table's pending rows (see the top of this file); names the file
  // The end of a run: flushes, trims the columns and writes the final `status` (complete,
  // interrupted, failed). Until then the file says `running`.
  void finish(const std::string& status);

  // For a file compress_result_file will rewrite: tables added from now on have their full
  // chunks compressed on another thread as they are written; take_compressed_chunks() hands
  // them over (call it after finish()).
  void compress_as_written();
  CompressedChunks take_compressed_chunks();

 private:
  std::string path_;
  h5::Handle file_;
  std::unique_ptr<ChunkCompressor> compressor_;  // before the tables, which use it
  std::vector<std::unique_ptr<TableWriter>> tables_;
  bool named_ = false;  // renamed from PATH.creating to PATH
  std::string failure_;  // why a flush failed; the file is then left as it was and not written again
};

}  // namespace vsm::core
