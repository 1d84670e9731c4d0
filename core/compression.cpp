#include "core/compression.hpp"

#include <filesystem>

#include "core/hdf5.hpp"

namespace vsm::core {
namespace {

// vsm writes scalar numbers and text as attributes, nothing else.
void copy_attributes(const h5::Handle& from, const h5::Handle& to) {
  for (const auto& name : h5::attribute_names(from)) {
    switch (h5::attribute_type(from, name)) {
      case h5::ColumnType::Float64: h5::write_attribute(to, name, h5::read_double_attribute(from, name)); break;
      case h5::ColumnType::Int64: h5::write_attribute(to, name, h5::read_int_attribute(from, name)); break;
      default: h5::write_attribute(to, name, h5::read_text_attribute(from, name)); break;
    }
  }
}

void copy_column(const h5::Handle& from, const h5::Handle& target, const h5::Handle& group, const std::string& name) {
  const h5::ColumnType type = h5::column_type(from);
  h5::Handle to = h5::create_column(target, type, h5::chunk_rows(from), h5::text_width(from), /*compressed=*/true);
  switch (type) {
    case h5::ColumnType::Float64: h5::write_at(to, 0, h5::read_doubles(from)); break;
    case h5::ColumnType::Int64: h5::write_at(to, 0, h5::read_int64s(from)); break;
    case h5::ColumnType::Byte: h5::write_at(to, 0, h5::read_bytes(from)); break;
    case h5::ColumnType::Text: h5::write_at(to, 0, h5::read_texts(from)); break;
  }
  h5::link(group, to, name);
  copy_attributes(from, to);
}

void write_compressed_copy(const std::string& source_path, const std::string& target_path) {
  h5::Handle source = h5::open_file_read(source_path);
  h5::Handle target = h5::create_file(target_path);
  copy_attributes(source, target);
  for (const auto& table : h5::member_names(source)) {
    if (!h5::is_group(source, table)) throw h5::Error(source_path + ": /" + table + " is not a table");
    h5::Handle from = h5::open_group(source, table);
    h5::Handle to = h5::create_group(target, table);
    copy_attributes(from, to);
    for (const auto& column : h5::member_names(from)) copy_column(h5::open_dataset(from, column), target, to, column);
  }
  target.close();
}

}  // namespace

void compress_result_file(const std::string& path) {
  const std::string copy = path + ".compressing";
  try {
    write_compressed_copy(path, copy);
    std::error_code error;
    std::filesystem::rename(copy, path, error);
    if (error) throw h5::Error(path + ": cannot replace it with its compressed copy: " + error.message());
  } catch (const h5::Error& e) {
    std::error_code ignored;
    std::filesystem::remove(copy, ignored);
    throw h5::Error(path + ": not compressed (" + e.what() + ")");
  }
}

}  // namespace vsm::core
