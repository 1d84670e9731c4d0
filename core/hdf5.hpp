#pragma once
// The one thin RAII layer over the HDF5 C API. Everything else in vsm reads and writes result
// files through it, so handle lifetimes and error checks live in one place.

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace vsm::core::h5 {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An owned hid_t, closed with the matching H5*close function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer, const std::string& what);  // throws Error when id < 0
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();

  hid_t id() const { return id_; }
  void abandon() { id_ = -1; }  // never closed: for a file whose close would write what must not be written
  void close();                 // now, throwing Error if HDF5 fails to (a file's last writes)

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// Text columns are variable-length strings, or fixed-width (NUL-padded) when created with a
// width: a fixed-width column keeps its bytes in its chunks, not in HDF5's global heap, which a
// kill can leave pointing at nothing (README "Result files").
enum class ColumnType { Float64, Int64, Text, Byte };

Handle create_file(const std::string& path);     // truncates
Handle open_file_read(const std::string& path);  // throws Error naming the file
void flush(const Handle& file);

Handle create_group(const Handle& parent, const std::string& name);
Handle open_group(const Handle& parent, const std::string& name);
std::vector<std::string> member_names(const Handle& group);  // in creation order where tracked
bool is_group(const Handle& parent, const std::string& name);

// An empty extendible 1-D dataset, chunked, its object header just big enough for what it holds
// (so that a table's headers share a page, core/result_file.hpp); not yet named (link() names
// it). `text_width` > 0 makes a Text column fixed-width. `compressed`: its chunks go through
// HDF5's shuffle and deflate (kDeflateLevel) filters, for files written whole
// (core/compression.hpp).
inline constexpr int kDeflateLevel = 4;
Handle create_column(const Handle& file, ColumnType type, hsize_t chunk_rows, std::size_t text_width = 0,
                     bool compressed = false);
void link(const Handle& group, const Handle& object, const std::string& name);
// Makes HDF5 create the column's chunk index (an empty B-tree) while the column is empty:
// add_chunk_at_end() needs one.
void create_chunk_index(const Handle& dataset);
// Where in the file a column keeps its length (the dataspace's current size).
haddr_t length_address(const Handle& dataset);
// Allocates and indexes the chunk of `chunk_rows` rows that starts at the column's end (`offset`
// is its length, a chunk boundary), writing it as zeros, without growing the column.
void add_chunk_at_end(const Handle& dataset, hsize_t offset, hsize_t chunk_rows);
// Writes one whole chunk as stored (already through the column's filters, if any) at row
// `offset`, a chunk boundary no further than the column's length.
void write_chunk(const Handle& dataset, hsize_t offset, const std::vector<unsigned char>& stored);
Handle open_dataset(const Handle& parent, const std::string& name);
hsize_t length(const Handle& dataset);
ColumnType column_type(const Handle& dataset);
std::size_t text_width(const Handle& dataset);  // 0: variable-length (or not text)
std::size_t cell_bytes(const Handle& dataset);  // one row's bytes as stored; 0: variable-length
void set_length(const Handle& dataset, hsize_t rows);
hsize_t chunk_rows(const Handle& dataset);
// Writes values at rows [offset, offset + size), growing the extent to exactly that first:
// a column never holds a row that was not written.
void write_at(const Handle& dataset, hsize_t offset, std::span<const double> values);
void write_at(const Handle& dataset, hsize_t offset, std::span<const std::int64_t> values);
void write_at(const Handle& dataset, hsize_t offset, std::span<const std::uint8_t> values);
void write_at(const Handle& dataset, hsize_t offset, std::span<const std::string> values);
std::vector<double> read_doubles(const Handle& dataset);  // integer columns are converted
std::vector<std::int64_t> read_int64s(const Handle& dataset);
std::vector<std::uint8_t> read_bytes(const Handle& dataset);
std::vector<std::string> read_texts(const Handle& dataset);  // variable or fixed width
// Rows [offset, offset + count) as stored, cell_bytes() each (not for variable-length text).
std::vector<unsigned char> read_cells(const Handle& dataset, hsize_t offset, hsize_t count);

void write_attribute(const Handle& object, const std::string& name, const std::string& value);
void write_attribute(const Handle& object, const std::string& name, std::int64_t value);
void write_attribute(const Handle& object, const std::string& name, double value);
bool has_attribute(const Handle& object, const std::string& name);
std::string read_text_attribute(const Handle& object, const std::string& name);
std::int64_t read_int_attribute(const Handle& object, const std::string& name);
double read_double_attribute(const Handle& object, const std::string& name);
std::vector<std::string> attribute_names(const Handle& object);
// Float64, Int64 or Text (the kinds of attribute vsm writes); throws for another.
ColumnType attribute_type(const Handle& object, const std::string& name);

// Turns off HDF5's own printing of error stacks; vsm reports errors itself. In a thread-safe
// HDF5 this holds for the calling thread only.
void silence_library_errors();

}  // namespace vsm::core::h5
