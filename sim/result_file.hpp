#pragma once
// A result file being written: root attributes plus tables. A table is a group of equal-length,
// chunked, compressed, extendible 1-D columns. Rows are buffered in memory and reach the file
// only in flush(), which writes every table and then flushes HDF5, so that between flushes the
// file on disk is a complete, readable snapshot (what a killed run leaves behind).

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "sim/hdf5.hpp"

namespace vsm::sim {

// One column of a table whose rows are `Row` structs: its name, unit, and the member it reads.
template <class Row>
struct Column {
  std::string name;
  std::string unit;
  std::variant<double Row::*, std::int64_t Row::*, std::string Row::*> field;
};

// The untyped part of a table: HDF5 columns and their pending values.
class TableWriter {
 public:
  using Buffer = std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>>;
  TableWriter(const h5::Handle& file, const std::string& name, const std::vector<std::string>& names,
              const std::vector<std::string>& units, std::vector<Buffer> buffers);
  std::vector<Buffer>& pending() { return pending_; }
  void row_added() { ++rows_; }
  std::uint64_t rows() const { return rows_; }
  void flush();

 private:
  h5::Handle group_;
  std::vector<h5::Handle> columns_;
  std::vector<Buffer> pending_;
  std::uint64_t rows_ = 0;
};

// A typed view of a table: append(row) buffers one row.
template <class Row>
class Table {
 public:
  Table() = default;
  Table(TableWriter* writer, std::vector<Column<Row>> columns) : writer_(writer), columns_(std::move(columns)) {}

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
  std::uint64_t rows() const { return writer_->rows(); }

 private:
  TableWriter* writer_ = nullptr;
  std::vector<Column<Row>> columns_;
};

class ResultFile {
 public:
  // Creates (truncates) the file. Throws h5::Error.
  explicit ResultFile(const std::string& path);

  template <class Row>
  Table<Row> add_table(const std::string& name, std::vector<Column<Row>> columns) {
    std::vector<std::string> names, units;
    std::vector<TableWriter::Buffer> buffers;
    for (const auto& c : columns) {
      names.push_back(c.name);
      units.push_back(c.unit);
      buffers.push_back(std::visit(
          [](auto member) -> TableWriter::Buffer {
            using Value = std::remove_cvref_t<decltype(std::declval<Row>().*member)>;
            return std::vector<Value>{};
          },
          c.field));
    }
    tables_.push_back(std::make_unique<TableWriter>(file_, name, names, units, std::move(buffers)));
    return Table<Row>(tables_.back().get(), std::move(columns));
  }

  const h5::Handle& root() const { return file_; }
  const std::string& path() const { return path_; }

  void flush();  // every table's pending rows, then the file
  // Writes the `status` attribute (running, complete, interrupted, failed) and flushes.
  void set_status(const std::string& status);

 private:
  std::string path_;
  h5::Handle file_;
  std::vector<std::unique_ptr<TableWriter>> tables_;
};

}  // namespace vsm::sim
