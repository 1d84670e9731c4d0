#include "sim/result_file.hpp"

namespace vsm::sim {
namespace {

constexpr hsize_t kChunkRows = 4096;

h5::ColumnType type_of(const TableWriter::Buffer& buffer) {
  switch (buffer.index()) {
    case 0: return h5::ColumnType::Float64;
    case 1: return h5::ColumnType::Int64;
    default: return h5::ColumnType::Text;
  }
}

}  // namespace

TableWriter::TableWriter(const h5::Handle& file, const std::string& name, const std::vector<std::string>& names,
                         const std::vector<std::string>& units, std::vector<Buffer> buffers)
    : group_(h5::create_group(file, name)), pending_(std::move(buffers)) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    columns_.push_back(h5::create_column(group_, names[i], type_of(pending_[i]), kChunkRows));
    if (!units[i].empty()) h5::write_attribute(columns_.back(), "unit", units[i]);
  }
}

void TableWriter::flush() {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    std::visit(
        [&](auto& values) {
          h5::append(columns_[i], values);
          values.clear();
        },
        pending_[i]);
}

ResultFile::ResultFile(const std::string& path) : path_(path), file_(h5::create_file(path)) {
  h5::write_attribute(file_, "status", std::string("running"));
}

void ResultFile::flush() {
  for (auto& table : tables_) table->flush();
  h5::flush(file_);
}

void ResultFile::set_status(const std::string& status) {
  flush();
  h5::write_attribute(file_, "status", status);
  h5::flush(file_);
}

}  // namespace vsm::sim
