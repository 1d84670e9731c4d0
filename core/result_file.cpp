#include "core/result_file.hpp"

#include "core/chunk_compressor.hpp"

#include <algorithm>
#include <filesystem>
#include <span>
#include <type_traits>
#include <utility>

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
                         std::vector<Buffer> buffers, hsize_t chunk_rows, ChunkCompressor* compressor)
    : group_(h5::create_group(file, name)),
      pending_(std::move(buffers)),
      chunk_rows_(std::max<hsize_t>(1, chunk_rows)),
      compressor_(compressor),
      filling_(columns.size()) {
  for (const auto& column : columns) keys_.push_back(name + "/" + column.name);
  h5::write_attribute(group_, "rows", std::int64_t{0});
  // Every column's length in one page (top of core/result_file.hpp). HDF5 places the headers
  // one after another; when a page boundary falls among them, the ones made so far are set
  // aside (unnamed, they vanish when the file closes) and the table starts on the new page.
  constexpr haddr_t kPage = 4096;
  for (int restarts = 0; columns_.size() < columns.size();) {
    const std::size_t i = columns_.size();
    h5::Handle column = h5::create_column(file, type_of(pending_[i]), chunk_rows_, columns[i].width);
    if (i == 0 || h5::length_address(column) / kPage == h5::length_address(columns_[0]) / kPage) {
      columns_.push_back(std::move(column));
      continue;
    }
    if (++restarts > 2)
      throw h5::Error("HDF5: the " + std::to_string(columns.size()) + " columns of table " + name +
                      " do not fit their lengths in one page");
    for (auto& made : columns_) set_aside_.push_back(std::move(made));
    set_aside_.push_back(std::move(column));
    columns_.clear();
  }
  for (const auto& column : columns_) h5::create_chunk_index(column);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    h5::link(group_, columns_[i], columns[i].name);
    if (!columns[i].unit.empty()) h5::write_attribute(columns_[i], "unit", columns[i].unit);
  }
}

void TableWriter::write_pending(const std::function<void()>& flush) {
  const std::uint64_t first = written_;  // the row each pending buffer starts with
  while (written_ < rows_) {
    if (written_ == indexed_) {  // the columns are full: the next chunk, flushed before it is used
      for (const auto& column : columns_) h5::add_chunk_at_end(column, indexed_, chunk_rows_);
      indexed_ += chunk_rows_;
      flush();
    }
    const std::uint64_t end = std::min(rows_, indexed_);
    for (std::size_t i = 0; i < columns_.size(); ++i)
      std::visit(
          [&](const auto& values) {
            const auto rows = std::span(values).subspan(written_ - first, end - written_);
            h5::write_at(columns_[i], written_, rows);
            using Value = typename std::remove_cvref_t<decltype(values)>::value_type;
            if constexpr (!std::is_same_v<Value, std::string>) {  // numbers are stored as they are in memory
              if (!compressor_) return;
              const auto* bytes = reinterpret_cast<const unsigned char*>(rows.data());
              filling_[i].insert(filling_[i].end(), bytes, bytes + rows.size_bytes());
              if (end == indexed_) compressor_->add(keys_[i], std::exchange(filling_[i], {}), sizeof(Value));
            }
          },
          pending_[i]);
    written_ = end;
  }
  for (auto& buffer : pending_) std::visit([](auto& values) { values.clear(); }, buffer);
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
  h5::silence_library_errors();  // flushes may come from a simulated actor's thread
  try {
    const auto flush_file = [this] { h5::flush(file_); };
    for (auto& table : tables_) table->write_pending(flush_file);
    flush_file();
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

void ResultFile::compress_as_written() { compressor_ = std::make_unique<ChunkCompressor>(); }

CompressedChunks ResultFile::take_compressed_chunks() {
  return compressor_ ? compressor_->take() : CompressedChunks{};
}

void ResultFile::finish(const std::string& status) {
  if (!failure_.empty()) throw h5::Error(failure_);
  flush();
  h5::write_attribute(file_, "status", status);
  h5::flush(file_);
}

}  // namespace vsm::core
