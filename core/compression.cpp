#include "core/compression.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string_view>
#include <thread>
#include <variant>

#include "core/hdf5.hpp"

namespace vsm::core {
namespace {

// vsm writes scalar numbers and text as attributes, nothing else.
using Attribute = std::variant<double, std::int64_t, std::string>;
using Attributes = std::vector<std::pair<std::string, Attribute>>;

Attributes attributes_of(const h5::Handle& object) {
  Attributes out;
  for (const auto& name : h5::attribute_names(object)) {
    switch (h5::attribute_type(object, name)) {
      case h5::ColumnType::Float64: out.emplace_back(name, h5::read_double_attribute(object, name)); break;
      case h5::ColumnType::Int64: out.emplace_back(name, h5::read_int_attribute(object, name)); break;
      default: out.emplace_back(name, h5::read_text_attribute(object, name)); break;
    }
  }
  return out;
}

void write_attributes(const h5::Handle& to, const Attributes& attributes) {
  for (const auto& [name, value] : attributes) std::visit([&](const auto& v) { h5::write_attribute(to, name, v); }, value);
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
  out.shrink_to_fit();  // kept until the run ends (ChunkCompressor): compressBound's room would triple it
  return out;
}

constexpr std::size_t kBatch = 64;  // chunks read at a time: memory stays a few MB

// Calls use(first row, cells) for each batch of a fixed-size column's rows from row `begin`, in order.
template <class Use>
void for_each_batch(const h5::Handle& from, hsize_t begin, Use use) {
  const hsize_t rows = h5::length(from), batch = kBatch * h5::chunk_rows(from);
  for (hsize_t first = begin; first < rows; first += batch)
    use(first, h5::read_cells(from, first, std::min<hsize_t>(rows - first, batch)));
}

using Chunks = std::vector<std::vector<unsigned char>>;

// The rows the chunks compressed ahead hold (ChunkCompressor); the file's own rows from there on.
hsize_t ready_rows(const h5::Handle& column, const Chunks& ready) {
  return std::min<hsize_t>(h5::length(column), ready.size() * h5::chunk_rows(column));
}

// A column of fixed-size cells: the chunks compressed ahead written as they are, the rest
// filtered here, on both cores, a batch at a time. (Variable-length text, in small tables
// written once, goes through HDF5's own write.)
void copy_cells(const h5::Handle& from, const h5::Handle& to, const Chunks& ready) {
  const std::size_t chunk = h5::chunk_rows(from), cell = h5::cell_bytes(from);
  h5::set_length(to, h5::length(from));
  const hsize_t begin = ready_rows(from, ready);
  for (std::size_t c = 0; c * chunk < begin; ++c) h5::write_chunk(to, c * chunk, ready[c]);
  for_each_batch(from, begin, [&](hsize_t first, const std::vector<unsigned char>& cells) {
    const hsize_t count = cells.size() / cell;
    Chunks stored((count + chunk - 1) / chunk);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    const auto work = [&] {
      for (std::size_t c; !failed && (c = next++) < stored.size();) {
        try {
          std::vector<unsigned char> whole(chunk * cell, 0);  // the last one padded, as HDF5 does
          const std::size_t begin = c * chunk * cell, end = std::min(cells.size(), begin + chunk * cell);
          std::copy(cells.begin() + begin, cells.begin() + end, whole.begin());
          stored[c] = compressed_chunk(whole, cell);
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
  });
}

// A fixed-size column already copied, for a later column that repeats it to be linked to it.
struct Copied {
  h5::Handle source, copy;
  std::size_t digest;
  Attributes attributes;
};

// Equal columns have equal digests: the same chunks compressed ahead (those are deterministic),
// then the same rows. Only a column's rows past those chunks are read.
std::size_t digest_of(const h5::Handle& column, const Chunks& ready) {
  std::size_t digest = 0;
  const auto mix = [&digest](const std::vector<unsigned char>& bytes) {
    digest = digest * 1099511628211ULL ^
             std::hash<std::string_view>{}({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  };
  const hsize_t begin = ready_rows(column, ready);
  for (std::size_t c = 0; c * h5::chunk_rows(column) < begin; ++c) mix(ready[c]);
  for_each_batch(column, begin, [&](hsize_t, const std::vector<unsigned char>& cells) { mix(cells); });
  return digest;
}

bool same_cells(const h5::Handle& a, const h5::Handle& b) {
  if (h5::column_type(a) != h5::column_type(b) || h5::cell_bytes(a) != h5::cell_bytes(b) ||
      h5::length(a) != h5::length(b) || h5::chunk_rows(a) != h5::chunk_rows(b))
    return false;
  bool same = true;
  for_each_batch(a, 0, [&](hsize_t first, const std::vector<unsigned char>& cells) {
    same = same && cells == h5::read_cells(b, first, cells.size() / h5::cell_bytes(a));
  });
  return same;
}

// A column that repeats an earlier one byte for byte, with the same attributes (the upload
// table's vehicle, server and latency repeat the trade table's), becomes a second name of the
// earlier copy: an HDF5 hard link, which every reader follows without knowing it is one.
void copy_column(h5::Handle from, const h5::Handle& target, const h5::Handle& group, const std::string& name,
                 const Chunks& ready, std::vector<Copied>& copied) {
  Attributes attributes = attributes_of(from);
  const bool cells = h5::cell_bytes(from) > 0;
  const std::size_t digest = cells ? digest_of(from, ready) : 0;
  if (cells)
    for (const Copied& earlier : copied)
      if (earlier.digest == digest && earlier.attributes == attributes && same_cells(earlier.source, from)) {
        h5::link(group, earlier.copy, name);
        return;
      }

  h5::Handle to =
      h5::create_column(target, h5::column_type(from), h5::chunk_rows(from), h5::text_width(from), /*compressed=*/true);
  if (cells)
    copy_cells(from, to, ready);
  else
    h5::write_at(to, 0, h5::read_texts(from));
  h5::link(group, to, name);
  write_attributes(to, attributes);
  if (cells) copied.push_back({std::move(from), std::move(to), digest, std::move(attributes)});
}

void write_compressed_copy(const std::string& source_path, const std::string& target_path,
                           const CompressedChunks& ready) {
  const Chunks none;
  h5::Handle source = h5::open_file_read(source_path);
  h5::Handle target = h5::create_file(target_path);
  write_attributes(target, attributes_of(source));
  std::vector<Copied> copied;
  for (const auto& table : h5::member_names(source)) {
    if (!h5::is_group(source, table)) throw h5::Error(source_path + ": /" + table + " is not a table");
    h5::Handle from = h5::open_group(source, table);
    h5::Handle to = h5::create_group(target, table);
    write_attributes(to, attributes_of(from));
    for (const auto& column : h5::member_names(from)) {
      const auto chunks = ready.find(table + "/" + column);
      copy_column(h5::open_dataset(from, column), target, to, column, chunks == ready.end() ? none : chunks->second,
                  copied);
    }
  }
  target.close();
}

}  // namespace

std::vector<unsigned char> compressed_chunk(const std::vector<unsigned char>& cells, std::size_t cell) {
  return deflated(shuffled(cells, cell));
}

void compress_result_file(const std::string& path, const CompressedChunks& ready) {
  const std::string copy = path + ".compressing";
  try {
    write_compressed_copy(path, copy, ready);
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
