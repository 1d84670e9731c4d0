#include "core/result_file.hpp"

#include <algorithm>
#include <filesystem>

namespace vsm::core {
namespace {

h5::ColumnType type_of(const TableWriter::Buffer& buffer) {
  switch (buffer.index()) {
    case 0: return h5::ColumnType::Float64;
    case 1: return h5::ColumnType::Int64;
    case 2: return h5::ColumnType::Text;
    default: return h5::ColumnType::Byte;
  }
}

// A file that could not even be set up (a full disk) is not left behind as PATH.creating.
h5::Handle create_or_remove(const std::string& path) {
  try {
    h5::Handle file = h5::create_file(path);
    h5::write_attribute(file, "status", std::string("running"));
    return file;
  } catch (const h5::Error&) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    throw;
  }
}

}  // namespace

TableWriter::TableWriter(const h5::Handle& file, const std::string& name, const std::vector<ColumnSpec>& columns,
                         std::vector<Buffer> buffers, hsize_t chunk_rows)
    : group_(h5::create_group(file, name)), pending_(std::move(buffers)) {
  h5::write_attribute(group_, "rows", std::int64_t{0});
  // Every column first, then their chunk indexes, then names and units: the columns' headers
  // (where their lengths are) lie side by side, followed by their indexes, and HDF5 writes
  // adjacent metadata as one write (core/result_file.hpp, top).
  for (std::size_t i = 0; i < columns.size(); ++i)
    columns_.push_back(h5::create_column(file, type_of(pending_[i]), std::max<hsize_t>(1, chunk_rows), columns[i].width));
  for (const auto& column : columns_) h5::create_chunk_index(column);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    h5::link(group_, columns_[i], columns[i].name);
    if (!columns[i].unit.empty()) h5::write_attribute(columns_[i], "unit", columns[i].unit);
  }
}

void TableWriter::write_pending() {
  if (written_ == rows_) return;
  for (std::size_t i = 0; i < columns_.size(); ++i)
    std::visit(
        [&](auto& values) {
          h5::write_at(columns_[i], written_, values);
          values.clear();
        },
        pending_[i]);
  written_ = rows_;
}

ResultFile::ResultFile(const std::string& path) : path_(path), file_(create_or_remove(path + kCreatingSuffix)) {}

ResultFile::~ResultFile() {
  std::error_code ignored;
  if (!named_) std::filesystem::remove(path_ + kCreatingSuffix, ignored);
}

bool TableWriter::commit() {
  if (committed_ == rows_) return false;
  h5::write_attribute(group_, "rows", static_cast<std::int64_t>(rows_));
  committed_ = rows_;
  return true;
}

void ResultFile::flush() {
  if (!failure_.empty()) throw h5::Error(failure_);
  try {
    for (auto& table : tables_) table->write_pending();
    h5::flush(file_);
    for (auto table = tables_.rbegin(); table != tables_.rend(); ++table)
      if ((*table)->commit()) h5::flush(file_);  // one at a time: HDF5 orders nothing within a flush
  } catch (const h5::Error& e) {  // typically a full disk
    // HDF5 would write the rest of this flush when the file is closed, where it can, and
    // tear the file: it is left as its last flush wrote it and never closed.
    failure_ = path_ + ": cannot write the result file (" + e.what() + ")";
    file_.abandon();
    throw h5::Error(failure_);
  }
  if (!named_) {
    // Only now, flushed with what was written before it (the provenance), does the file take
    // its name: a run killed earlier leaves PATH.creating, never a file at PATH that does not
    // open or says nothing of itself. (An open HDF5 file follows its rename.)
    std::error_code error;
    std::filesystem::rename(path_ + kCreatingSuffix, path_, error);
    if (error) throw h5::Error(path_ + ": cannot create the result file: " + error.message());
    named_ = true;
  }
}

void ResultFile::finish(const std::string& status) {
  if (!failure_.empty()) throw h5::Error(failure_);
  flush();
  h5::write_attribute(file_, "status", status);
  h5::flush(file_);
}

}  // namespace vsm::core
