#include "core/compression.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

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

// HDF5's shuffle filter: byte k of every cell together, cell after cell (H5Z_filter_shuffle).
std::vector<unsigned char> shuffled(const std::vector<unsigned char>& cells, std::size_t cell) {
  if (cell <= 1) return cells;
  std::vector<unsigned char> out(cells.size());
  const std::size_t count = cells.size() / cell;
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t k = 0; k < cell; ++k) out[k * count + i] = cells[i * cell + k];
  return out;
}

// HDF5's deflate filter stores a zlib stream, as compress2 makes it (H5Z_filter_deflate).
std::vector<unsigned char> deflated(const std::vector<unsigned char>& bytes) {
  uLongf size = compressBound(bytes.size());
  std::vector<unsigned char> out(size);
  if (compress2(out.data(), &size, bytes.data(), bytes.size(), h5::kDeflateLevel) != Z_OK)
    throw h5::Error("zlib: compressing a chunk failed");
  out.resize(size);
  return out;
}

// A column of fixed-size cells: its chunks filtered here, on both cores, a batch at a time (so
// memory stays a few MB), and written as they are stored. A column of variable-length text (a
// table written once, small) goes through HDF5's own write.
void copy_cells(const h5::Handle& from, const h5::Handle& to) {
  const hsize_t rows = h5::length(from);
  const std::size_t chunk = h5::chunk_rows(from), cell = h5::cell_bytes(from);
  h5::set_length(to, rows);
  constexpr std::size_t kBatch = 64;  // chunks
  for (hsize_t first = 0; first < rows; first += kBatch * chunk) {
    const hsize_t count = std::min<hsize_t>(rows - first, kBatch * chunk);
    const std::vector<unsigned char> cells = h5::read_cells(from, first, count);
    std::vector<std::vector<unsigned char>> stored((count + chunk - 1) / chunk);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    const auto work = [&] {
      for (std::size_t c; !failed && (c = next++) < stored.size();) {
        try {
          std::vector<unsigned char> whole(chunk * cell, 0);  // the last one padded, as HDF5 does
          const std::size_t begin = c * chunk * cell, end = std::min(cells.size(), begin + chunk * cell);
          std::copy(cells.begin() + begin, cells.begin() + end, whole.begin());
          stored[c] = deflated(shuffled(whole, cell));
        } catch (const std::exception&) {  // out of memory: reported below, on this thread
          failed = true;
        }
      }
    };
    std::thread helper(work);
    work();
    helper.join();
    if (failed) throw h5::Error("zlib: compressing a chunk failed");
    for (std::size_t c = 0; c < stored.size(); ++c) h5::write_chunk(to, first + c * chunk, stored[c]);
  }
}

void copy_column(const h5::Handle& from, const h5::Handle& target, const h5::Handle& group, const std::string& name) {
  h5::Handle to =
      h5::create_column(target, h5::column_type(from), h5::chunk_rows(from), h5::text_width(from), /*compressed=*/true);
  if (h5::cell_bytes(from) > 0)
    copy_cells(from, to);
  else
    h5::write_at(to, 0, h5::read_texts(from));
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
