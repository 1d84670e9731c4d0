#include "core/hdf5.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace vsm::core::h5 {
namespace {

// What the operating system said, when HDF5 failed on a read or write: its error stack (which
// vsm keeps silent) carries it as "error message = '...'".
std::string system_reason() {
  std::string reason;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* error, void* found) -> herr_t {
        const std::string text = error->desc ? error->desc : "";
        const std::string key = "error message = '";
        const auto at = text.find(key);
        if (at == std::string::npos) return 0;
        const auto end = text.find('\'', at + key.size());
        *static_cast<std::string*>(found) = text.substr(at + key.size(), end - at - key.size());
        return 1;  // the first is the deepest: stop
      },
      &reason);
  return reason;
}

void check(herr_t status, const std::string& what) {
  if (status >= 0) return;
  const std::string reason = system_reason();
  throw Error("HDF5: " + what + " failed" + (reason.empty() ? "" : ": " + reason));
}

Handle text_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset");
  return type;
}

Handle fixed_text_type(std::size_t width) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type.id(), width), "H5Tset_size");
  check(H5Tset_strpad(type.id(), H5T_STR_NULLPAD), "H5Tset_strpad");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset");
  return type;
}

// Selects rows [offset, offset + count) of `dataset`, growing it to exactly offset + count
// first if needed: a column is never longer than the rows written into it.
Handle select_rows(const Handle& dataset, hsize_t offset, hsize_t count) {
  if (offset + count > length(dataset)) {
    hsize_t grown = offset + count;
    check(H5Dset_extent(dataset.id(), &grown), "extending a column");
  }
  Handle space(H5Dget_space(dataset.id()), H5Sclose, "dataset space");
  check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, &offset, nullptr, &count, nullptr), "selecting rows");
  return space;
}

void write_rows(const Handle& dataset, hsize_t offset, hsize_t count, hid_t mem_type, const void* data) {
  if (count == 0) return;
  Handle file_space = select_rows(dataset, offset, count);
  Handle mem_space(H5Screate_simple(1, &count, nullptr), H5Sclose, "memory space");
  // A conversion buffer the size of the rows written: HDF5's default (1 MiB, zeroed on every
  // write of text) made writing a round's rows cost more than simulating it (bench/RESULTS.md).
  Handle transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "transfer properties");
  check(H5Pset_buffer(transfer.id(), std::max<hsize_t>(4096, 16 * count), nullptr, nullptr), "conversion buffer");
  check(H5Dwrite(dataset.id(), mem_type, mem_space.id(), file_space.id(), transfer.id(), data), "writing rows");
}

// The rows a column says it has, refused when more than its file could hold even deflated
// (deflate compresses at most ~1032:1): a corrupt extent would otherwise have a reader
// allocate and fill terabytes.
hsize_t plausible_length(const Handle& dataset) {
  const hsize_t rows = length(dataset);
  Handle type(H5Dget_type(dataset.id()), H5Tclose, "column type");
  Handle file(H5Iget_file_id(dataset.id()), H5Fclose, "the column's file");
  hsize_t file_size = 0;
  check(H5Fget_filesize(file.id(), &file_size), "file size");
  const hsize_t element = std::max<hsize_t>(1, H5Tget_size(type.id()));
  if (rows > 1100 * (file_size / element + 1))
    throw Error("HDF5: a column claims " + std::to_string(rows) + " rows, far more than its file holds");
  return rows;
}

template <class T>
std::vector<T> read_fixed(const Handle& dataset, hid_t mem_type) {
  std::vector<T> values(plausible_length(dataset));
  if (!values.empty())
    check(H5Dread(dataset.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "reading a column");
  return values;
}

}  // namespace

Handle::Handle(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
  if (id < 0) throw Error("HDF5: " + what + " failed");
}

Handle::Handle(Handle&& other) noexcept
    : id_(std::exchange(other.id_, -1)), closer_(std::exchange(other.closer_, nullptr)) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = std::exchange(other.id_, -1);
    closer_ = std::exchange(other.closer_, nullptr);
  }
  return *this;
}

void Handle::close() {
  if (id_ < 0) return;
  const herr_t status = closer_ ? closer_(id_) : 0;
  id_ = -1;
  check(status, "closing");
}

Handle::~Handle() {
  if (id_ >= 0 && closer_) closer_(id_);
}

void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle create_file(const std::string& path) {
  silence_library_errors();
  // Track creation order so tables list their columns in the documented order.
  Handle plist(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file creation properties");
  check(H5Pset_link_creation_order(plist.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "creation order");
  // Metadata allocated in 64 KiB blocks rather than 2 KiB: a table's column headers, created
  // one after another, then lie side by side and seldom have to start again on a new page
  // (core/result_file.cpp).
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
  check(H5Pset_meta_block_size(access.id(), 64 * 1024), "metadata block size");
  // No metadata written between flushes: a full cache would otherwise evict (write) a dirty
  // column header whenever it needed room, with its new length, before the rows or the rest of
  // its table were on disk. Everything stays in memory until a flush writes it; a result
  // file's metadata is small (headers and chunk indexes: 0.73 MB of city-10k's 173 MB).
  H5AC_cache_config_t cache;
  cache.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  check(H5Pget_mdc_config(access.id(), &cache), "metadata cache settings");
  cache.evictions_enabled = false;
  cache.incr_mode = H5C_incr__off;
  cache.flash_incr_mode = H5C_flash_incr__off;
  cache.decr_mode = H5C_decr__off;
  check(H5Pset_mdc_config(access.id(), &cache), "metadata cache settings");
  return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, plist.id(), access.id()), H5Fclose,
                "creating result file " + path);
}

Handle open_file_read(const std::string& path) {
  silence_library_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0) throw Error(path + ": not an HDF5 file (or unreadable)");
  return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "opening " + path);
}

namespace {

// The default (sec2) driver's handle is the file's descriptor; -1 for another driver.
int descriptor(hid_t file) {
  void* handle = nullptr;
  if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || !handle) return -1;
  return *static_cast<int*>(handle);
}

// Allocates the file up to `end` bytes, not only sizes it: on a full disk this fails here,
// before HDF5 has written anything, and the file keeps what the last flush wrote.
void reserve(int fd, haddr_t end) {
  struct stat status;
  if (fstat(fd, &status) != 0) throw Error("HDF5: cannot read the result file's size");
  if (static_cast<haddr_t>(status.st_size) >= end) return;
  const int error = posix_fallocate(fd, status.st_size, static_cast<off_t>(end) - status.st_size);
  if (error != 0) throw Error(std::string("HDF5: growing the file failed: ") + std::strerror(error));
}

// HDF5 refuses to read anything past the end of allocation (EOA) its superblock records, and
// its flush writes the superblock last, after the chunk indexes and object headers that may
// already point past the old EOA: a SIGKILL in between left chunks unreadable (bench/RESULTS.md,
// "Crash safety"). So before each flush the file is grown to the EOA HDF5 holds in memory and
// that EOA is written into the superblock: whatever the flush then writes lies inside it.
// Only for the superblock vsm writes (version 0, 8-byte addresses: the EOA field is the 8
// bytes at offset 40, HDF5 file format specification, "Superblock version 0"); HDF5 writes the
// same field itself at the end of the flush.
void record_end_of_allocation(const Handle& file) {
  haddr_t eoa = 0;
  const int fd = descriptor(file.id());
  if (fd < 0 || H5Fget_eoa(file.id(), &eoa) < 0) return;
  unsigned char superblock[48];
  static const unsigned char signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  if (pread(fd, superblock, sizeof superblock, 0) != static_cast<ssize_t>(sizeof superblock) ||
      std::memcmp(superblock, signature, 8) != 0 || superblock[8] != 0 || superblock[13] != 8)
    return;
  reserve(fd, eoa);
  unsigned char field[8];
  for (int i = 0; i < 8; ++i) field[i] = static_cast<unsigned char>(eoa >> (8 * i));  // little-endian
  if (pwrite(fd, field, sizeof field, 40) != static_cast<ssize_t>(sizeof field))
    throw Error(std::string("HDF5: writing the superblock failed: ") + std::strerror(errno));
}

}  // namespace

void flush(const Handle& file) {
  record_end_of_allocation(file);
  check(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), "flushing the file");
}

Handle create_group(const Handle& parent, const std::string& name) {
  Handle plist(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "group properties");
  check(H5Pset_link_creation_order(plist.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "creation order");
  check(H5Pset_obj_track_times(plist.id(), false), "object times");
  return Handle(H5Gcreate2(parent.id(), name.c_str(), H5P_DEFAULT, plist.id(), H5P_DEFAULT), H5Gclose,
                "creating group " + name);
}

Handle open_group(const Handle& parent, const std::string& name) {
  return Handle(H5Gopen2(parent.id(), name.c_str(), H5P_DEFAULT), H5Gclose, "opening group " + name);
}

std::vector<std::string> member_names(const Handle& group) {
  H5G_info_t info;
  check(H5Gget_info(group.id(), &info), "listing a group");
  // Creation order when the file tracks it, name order otherwise (files written by others).
  H5_index_t index = H5_INDEX_CRT_ORDER;
  if (H5Lget_name_by_idx(group.id(), ".", index, H5_ITER_INC, 0, nullptr, 0, H5P_DEFAULT) < 0 && info.nlinks > 0)
    index = H5_INDEX_NAME;
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    ssize_t size = H5Lget_name_by_idx(group.id(), ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (size < 0) throw Error("HDF5: listing a group failed");
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Lget_name_by_idx(group.id(), ".", index, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

bool is_group(const Handle& parent, const std::string& name) {
  hid_t object = H5Oopen(parent.id(), name.c_str(), H5P_DEFAULT);
  if (object < 0) return false;
  bool group = H5Iget_type(object) == H5I_GROUP;
  H5Oclose(object);
  return group;
}

Handle create_column(const Handle& file, ColumnType type, hsize_t chunk_rows, std::size_t text_width,
                     bool compressed) {
  hsize_t zero = 0, unlimited = H5S_UNLIMITED;
  Handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "column space");
  Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "column properties");
  check(H5Pset_chunk(plist.id(), 1, &chunk_rows), "chunking");
  // Crash safety (README "Result files", core/result_file.hpp). Chunks are added ahead of the
  // rows (add_chunk_at_end), so writing rows allocates nothing and changes no index.
  // No compression: a compressed chunk that grows is rewritten elsewhere and its old space
  // reused at once, so a kill mid-flush could leave the index pointing at overwritten bytes.
  // Measured with SIGKILL at random moments: compressed, 1 file in ~8 unreadable; see
  // bench/RESULTS.md.
  const bool variable_text = type == ColumnType::Text && text_width == 0;
  if (!variable_text)  // HDF5 requires fill values for variable-length strings
    check(H5Pset_fill_time(plist.id(), H5D_FILL_TIME_NEVER), "fill time");
  check(H5Pset_obj_track_times(plist.id(), false), "object times");
  check(H5Pset_dset_no_attrs_hint(plist.id(), true), "small object header");
  if (compressed) {
    check(H5Pset_shuffle(plist.id()), "shuffle filter");
    check(H5Pset_deflate(plist.id(), kDeflateLevel), "deflate filter");
  }
  Handle text = type != ColumnType::Text ? Handle() : variable_text ? text_type() : fixed_text_type(text_width);
  hid_t file_type = type == ColumnType::Text      ? text.id()
                    : type == ColumnType::Float64 ? H5T_IEEE_F64LE
                    : type == ColumnType::Byte    ? H5T_STD_U8LE
                                                  : H5T_STD_I64LE;
  return Handle(H5Dcreate_anon(file.id(), file_type, space.id(), plist.id(), H5P_DEFAULT), H5Dclose,
                "creating a column");
}

void link(const Handle& group, const Handle& object, const std::string& name) {
  Handle plist(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "link properties");
  check(H5Olink(object.id(), group.id(), name.c_str(), plist.id(), H5P_DEFAULT), "naming column " + name);
}

void create_chunk_index(const Handle& dataset) {
  hsize_t one = 1, zero = 0;
  Handle type(H5Dget_type(dataset.id()), H5Tclose, "column type");
  const std::vector<char> cell(cell_bytes(dataset), 0);  // empty for variable-length text
  const char* empty = "";
  check(H5Dset_extent(dataset.id(), &one), "creating a chunk index");
  check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                 cell.empty() ? static_cast<const void*>(&empty) : cell.data()),
        "creating a chunk index");
  check(H5Dset_extent(dataset.id(), &zero), "creating a chunk index");
}

// The object header HDF5 1.10 writes for a column (version 1) starts with a 16-byte prefix, then
// its first message, the dataspace: an 8-byte message header and 8 bytes of version, rank and
// flags before the current size (HDF5 file format specification, "Version 1 Object Header",
// "Dataspace Message - Version 1"). tests/core/result_file_test.cpp reads it back from a file.
haddr_t length_address(const Handle& dataset) {
  H5O_info_t info;
  check(H5Oget_info2(dataset.id(), &info, H5O_INFO_BASIC), "locating a column");
  return info.addr + 16 + 8 + 8;
}

void write_chunk(const Handle& dataset, hsize_t offset, const std::vector<unsigned char>& stored) {
  check(H5Dwrite_chunk(dataset.id(), H5P_DEFAULT, 0, &offset, stored.size(), stored.data()), "writing a chunk");
}

void add_chunk_at_end(const Handle& dataset, hsize_t offset, hsize_t chunk_rows) {
  // A variable-length text cell is stored as a 4-byte length, an 8-byte heap address and a
  // 4-byte index (the format specification's "Variable-length" datatype); all zeros is empty.
  const std::size_t fixed = cell_bytes(dataset);
  const std::vector<unsigned char> zeros(chunk_rows * (fixed > 0 ? fixed : 16), 0);
  // The chunk is written at once, not at the next flush: its space is reserved first, so that
  // a full disk stops vsm here with the file as its last flush left it.
  Handle file(H5Iget_file_id(dataset.id()), H5Fclose, "the column's file");
  haddr_t eoa = 0;
  const int fd = descriptor(file.id());
  if (fd >= 0 && H5Fget_eoa(file.id(), &eoa) >= 0) reserve(fd, eoa + zeros.size());
  write_chunk(dataset, offset, zeros);
}

Handle open_dataset(const Handle& parent, const std::string& name) {
  return Handle(H5Dopen2(parent.id(), name.c_str(), H5P_DEFAULT), H5Dclose, "opening dataset " + name);
}

hsize_t length(const Handle& dataset) {
  Handle space(H5Dget_space(dataset.id()), H5Sclose, "dataset space");
  if (H5Sget_simple_extent_ndims(space.id()) != 1) throw Error("HDF5: dataset is not one-dimensional");
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.id(), &n, nullptr);
  return n;
}

ColumnType column_type(const Handle& dataset) {
  Handle type(H5Dget_type(dataset.id()), H5Tclose, "dataset type");
  switch (H5Tget_class(type.id())) {
    case H5T_FLOAT: return ColumnType::Float64;
    case H5T_INTEGER: return H5Tget_size(type.id()) == 1 ? ColumnType::Byte : ColumnType::Int64;
    case H5T_STRING: return ColumnType::Text;
    default: throw Error("HDF5: unsupported column type");
  }
}

std::size_t text_width(const Handle& dataset) {
  Handle type(H5Dget_type(dataset.id()), H5Tclose, "column type");
  if (H5Tget_class(type.id()) != H5T_STRING || H5Tis_variable_str(type.id()) > 0) return 0;
  return H5Tget_size(type.id());
}

std::size_t cell_bytes(const Handle& dataset) {
  Handle type(H5Dget_type(dataset.id()), H5Tclose, "column type");
  return H5Tis_variable_str(type.id()) > 0 ? 0 : H5Tget_size(type.id());
}

void set_length(const Handle& dataset, hsize_t rows) {
  check(H5Dset_extent(dataset.id(), &rows), "setting a column's length");
}

hsize_t chunk_rows(const Handle& dataset) {
  Handle plist(H5Dget_create_plist(dataset.id()), H5Pclose, "column properties");
  hsize_t rows = 0;
  if (H5Pget_layout(plist.id()) != H5D_CHUNKED || H5Pget_chunk(plist.id(), 1, &rows) != 1)
    throw Error("HDF5: a column that is not chunked in one dimension");
  return rows;
}

void write_at(const Handle& dataset, hsize_t offset, std::span<const double> values) {
  write_rows(dataset, offset, values.size(), H5T_NATIVE_DOUBLE, values.data());
}

void write_at(const Handle& dataset, hsize_t offset, std::span<const std::int64_t> values) {
  write_rows(dataset, offset, values.size(), H5T_NATIVE_INT64, values.data());
}

void write_at(const Handle& dataset, hsize_t offset, std::span<const std::uint8_t> values) {
  write_rows(dataset, offset, values.size(), H5T_NATIVE_UINT8, values.data());
}

void write_at(const Handle& dataset, hsize_t offset, std::span<const std::string> values) {
  Handle file_type(H5Dget_type(dataset.id()), H5Tclose, "column type");
  if (H5Tis_variable_str(file_type.id()) > 0) {
    std::vector<const char*> pointers;
    for (const auto& v : values) pointers.push_back(v.c_str());
    Handle type = text_type();
    write_rows(dataset, offset, values.size(), type.id(), pointers.data());
    return;
  }
  const std::size_t width = H5Tget_size(file_type.id());
  std::string packed(values.size() * width, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].size() > width)
      throw Error("HDF5: a text of " + std::to_string(values[i].size()) + " bytes in a column " +
                  std::to_string(width) + " wide");
    values[i].copy(packed.data() + i * width, width);
  }
  write_rows(dataset, offset, values.size(), file_type.id(), packed.data());
}

std::vector<double> read_doubles(const Handle& dataset) { return read_fixed<double>(dataset, H5T_NATIVE_DOUBLE); }

std::vector<std::int64_t> read_int64s(const Handle& dataset) {
  return read_fixed<std::int64_t>(dataset, H5T_NATIVE_INT64);
}

std::vector<std::uint8_t> read_bytes(const Handle& dataset) { return read_fixed<std::uint8_t>(dataset, H5T_NATIVE_UINT8); }

std::vector<unsigned char> read_cells(const Handle& dataset, hsize_t offset, hsize_t count) {
  Handle type(H5Dget_type(dataset.id()), H5Tclose, "column type");  // the stored type: no conversion
  std::vector<unsigned char> cells(count * cell_bytes(dataset));
  if (count == 0) return cells;
  Handle file_space(H5Dget_space(dataset.id()), H5Sclose, "dataset space");
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, &offset, nullptr, &count, nullptr), "selecting rows");
  Handle memory_space(H5Screate_simple(1, &count, nullptr), H5Sclose, "memory space");
  check(H5Dread(dataset.id(), type.id(), memory_space.id(), file_space.id(), H5P_DEFAULT, cells.data()), "reading rows");
  return cells;
}

std::vector<std::string> read_texts(const Handle& dataset) {
  hsize_t n = plausible_length(dataset);
  Handle file_type(H5Dget_type(dataset.id()), H5Tclose, "column type");
  if (H5Tget_class(file_type.id()) != H5T_STRING) throw Error("HDF5: column is not text");
  std::vector<std::string> values;
  if (H5Tis_variable_str(file_type.id()) <= 0) {  // fixed width, NUL-padded
    const std::size_t width = H5Tget_size(file_type.id());
    std::string packed(n * width, '\0');
    if (n > 0) check(H5Dread(dataset.id(), file_type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()), "reading text");
    for (hsize_t i = 0; i < n; ++i) {
      const char* cell = packed.data() + i * width;
      values.emplace_back(cell, strnlen(cell, width));  // NUL-padded
    }
    return values;
  }
  std::vector<char*> pointers(n, nullptr);
  Handle type = text_type();
  if (n > 0) check(H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "reading text");
  for (char* p : pointers) values.emplace_back(p ? p : "");
  if (n > 0) {
    Handle space(H5Dget_space(dataset.id()), H5Sclose, "dataset space");
    H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, pointers.data());
  }
  return values;
}

namespace {

void write_scalar_attribute(const Handle& object, const std::string& name, hid_t file_type, hid_t mem_type,
                            const void* value) {
  if (H5Aexists(object.id(), name.c_str()) > 0) {
    Handle existing(H5Aopen(object.id(), name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
    Handle existing_type(H5Aget_type(existing.id()), H5Tclose, "attribute type");
    if (H5Tequal(existing_type.id(), file_type) > 0) {  // same type: overwrite in place
      check(H5Awrite(existing.id(), mem_type, value), "writing attribute " + name);
      return;
    }
    existing = Handle();
    check(H5Adelete(object.id(), name.c_str()), "replacing " + name);
  }
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "attribute space");
  Handle attribute(H5Acreate2(object.id(), name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                   "creating attribute " + name);
  check(H5Awrite(attribute.id(), mem_type, value), "writing attribute " + name);
}

}  // namespace

void write_attribute(const Handle& object, const std::string& name, const std::string& value) {
  Handle type = text_type();
  const char* pointer = value.c_str();
  write_scalar_attribute(object, name, type.id(), type.id(), &pointer);
}

void write_attribute(const Handle& object, const std::string& name, std::int64_t value) {
  write_scalar_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void write_attribute(const Handle& object, const std::string& name, double value) {
  write_scalar_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

bool has_attribute(const Handle& object, const std::string& name) { return H5Aexists(object.id(), name.c_str()) > 0; }

std::string read_text_attribute(const Handle& object, const std::string& name) {
  Handle attribute(H5Aopen(object.id(), name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
  Handle file_type(H5Aget_type(attribute.id()), H5Tclose, "attribute type");
  if (H5Tget_class(file_type.id()) != H5T_STRING) throw Error("HDF5: attribute " + name + " is not text");
  if (H5Tis_variable_str(file_type.id()) > 0) {
    Handle type = text_type();
    char* pointer = nullptr;
    check(H5Aread(attribute.id(), type.id(), &pointer), "reading attribute " + name);
    std::string value = pointer ? pointer : "";
    H5free_memory(pointer);
    return value;
  }
  std::string value(H5Tget_size(file_type.id()), '\0');
  check(H5Aread(attribute.id(), file_type.id(), value.data()), "reading attribute " + name);
  return value.substr(0, value.find('\0'));
}

std::int64_t read_int_attribute(const Handle& object, const std::string& name) {
  Handle attribute(H5Aopen(object.id(), name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
  std::int64_t value = 0;
  check(H5Aread(attribute.id(), H5T_NATIVE_INT64, &value), "reading attribute " + name);
  return value;
}

double read_double_attribute(const Handle& object, const std::string& name) {
  Handle attribute(H5Aopen(object.id(), name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
  double value = 0;
  check(H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &value), "reading attribute " + name);
  return value;
}

std::vector<std::string> attribute_names(const Handle& object) {
  std::vector<std::string> names;
  check(H5Aiterate2(
            object.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
            [](hid_t, const char* name, const H5A_info_t*, void* found) -> herr_t {
              static_cast<std::vector<std::string>*>(found)->push_back(name);
              return 0;
            },
            &names),
        "listing attributes");
  return names;
}

ColumnType attribute_type(const Handle& object, const std::string& name) {
  Handle attribute(H5Aopen(object.id(), name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
  Handle type(H5Aget_type(attribute.id()), H5Tclose, "attribute type");
  switch (H5Tget_class(type.id())) {
    case H5T_FLOAT: return ColumnType::Float64;
    case H5T_INTEGER: return ColumnType::Int64;
    case H5T_STRING: return ColumnType::Text;
    default: throw Error("HDF5: attribute " + name + " is neither a number nor text");
  }
}

}  // namespace vsm::core::h5
