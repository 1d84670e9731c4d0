#include "core/compression.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/chunk_compressor.hpp"
#include "core/hdf5.hpp"
#include "core/result_file.hpp"

namespace vsm::core {
namespace {

struct Row {
  double x = 0;
  std::int64_t n = 0;
  std::string hash;  // fixed width
  std::uint8_t byte = 0;
};

struct Named {
  std::string name;  // variable length
};

std::string hash_of(int i);

class Compression : public ::testing::Test {
 protected:
  std::string path = (std::filesystem::temp_directory_path() /
                      ("vsm-compression-" + std::to_string(getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".h5"))
                         .string();
  void TearDown() override { std::filesystem::remove(path); }

  // A file of every kind of column and attribute vsm writes, 10,000 rows in three chunks,
  // flushed every 1,500 rows. `as_written`: its full chunks compressed while it is written,
  // and returned.
  CompressedChunks write_file(bool as_written = false) {
    ResultFile file(path);
    if (as_written) file.compress_as_written();
    h5::write_attribute(file.root(), "seed", std::int64_t{7});
    h5::write_attribute(file.root(), "wall_seconds", 1.25);
    h5::write_attribute(file.root(), "scenario_yaml", std::string("name: test\n"));
    auto rows = file.add_table("rows", std::vector<Column<Row>>{{"x", "s", &Row::x},
                                                                 {"n", "", &Row::n},
                                                                 {"hash", "", &Row::hash, 8},
                                                                 {"byte", "", &Row::byte}});
    auto names = file.add_table("names", std::vector<Column<Named>>{{"name", "", &Named::name}}, 16);
    for (int i = 0; i < 10000; ++i) {
      rows.append({i * 0.25, i % 7, hash_of(i), static_cast<std::uint8_t>(i % 251)});
      if (i % 1500 == 0) file.flush();
    }
    for (const char* name : {"first", "a name of some length", ""}) names.append({name});
    file.finish("complete");
    return file.take_compressed_chunks();
  }
};

std::string hash_of(int i) {
  std::string hash = "h";
  hash += std::to_string(i % 1000);  // (not "h" + ...: GCC 12 warns wrongly on that chain)
  return hash;
}

std::uintmax_t size_of(const std::string& path) { return std::filesystem::file_size(path); }

int filters(const h5::Handle& column) {
  h5::Handle plist(H5Dget_create_plist(column.id()), H5Pclose, "column properties");
  return H5Pget_nfilters(plist.id());
}

TEST_F(Compression, TheCompressedFileHoldsTheSameTablesColumnsAndAttributes) {
  write_file();
  const auto written = size_of(path);
  compress_result_file(path);
  EXPECT_FALSE(std::filesystem::exists(path + ".compressing"));
  EXPECT_LT(size_of(path) * 4, written) << "not even four times smaller";

  auto file = h5::open_file_read(path);
  EXPECT_EQ(h5::read_int_attribute(file, "seed"), 7);
  EXPECT_EQ(h5::read_double_attribute(file, "wall_seconds"), 1.25);
  EXPECT_EQ(h5::read_text_attribute(file, "scenario_yaml"), "name: test\n");
  EXPECT_EQ(h5::read_text_attribute(file, "status"), "complete");
  EXPECT_EQ(h5::member_names(file), (std::vector<std::string>{"rows", "names"}));

  auto rows = h5::open_group(file, "rows");
  EXPECT_EQ(h5::read_int_attribute(rows, "rows"), 10000);
  EXPECT_EQ(h5::member_names(rows), (std::vector<std::string>{"x", "n", "hash", "byte"}));
  const auto x = h5::read_doubles(h5::open_dataset(rows, "x"));
  const auto n = h5::read_int64s(h5::open_dataset(rows, "n"));
  const auto hash = h5::read_texts(h5::open_dataset(rows, "hash"));
  const auto byte = h5::read_bytes(h5::open_dataset(rows, "byte"));
  ASSERT_EQ(x.size(), 10000u);
  ASSERT_EQ(hash.size(), 10000u);
  for (int i = 0; i < 10000; ++i) {
    ASSERT_EQ(x[i], i * 0.25);
    ASSERT_EQ(n[i], i % 7);
    ASSERT_EQ(hash[i], hash_of(i));
    ASSERT_EQ(byte[i], i % 251);
  }
  EXPECT_EQ(h5::read_text_attribute(h5::open_dataset(rows, "x"), "unit"), "s");
  EXPECT_EQ(h5::text_width(h5::open_dataset(rows, "hash")), 8u);
  EXPECT_EQ(h5::column_type(h5::open_dataset(rows, "byte")), h5::ColumnType::Byte);
  EXPECT_EQ(h5::chunk_rows(h5::open_dataset(rows, "x")), 4096u);
  for (const char* column : {"x", "n", "hash", "byte"})
    EXPECT_EQ(filters(h5::open_dataset(rows, column)), 2) << column << ": shuffle and deflate";

  auto names = h5::open_group(file, "names");
  EXPECT_EQ(h5::read_texts(h5::open_dataset(names, "name")),
            (std::vector<std::string>{"first", "a name of some length", ""}));
  EXPECT_EQ(h5::text_width(h5::open_dataset(names, "name")), 0u);  // still variable-length
  EXPECT_EQ(h5::chunk_rows(h5::open_dataset(names, "name")), 16u);
}

// How many names (hard links) the object has.
unsigned names_of(const h5::Handle& object) {
  H5O_info_t info;
  if (H5Oget_info2(object.id(), &info, H5O_INFO_BASIC) < 0) throw h5::Error("H5Oget_info2");
  return info.rc;
}

struct Measured {
  double t = 0, latency = 0;
  std::int64_t vehicle = 0;
};

struct Upload {
  double latency = 0, t = 0;
  std::int64_t vehicle = 0, server = 0;
};

// Written as a run writes it: its full chunks compressed as they are written.
TEST_F(Compression, AColumnThatRepeatsAnEarlierOneByteForByteIsStoredOnce) {
  CompressedChunks ready;
  {
    ResultFile file(path);
    file.compress_as_written();
    auto measured = file.add_table("measured", std::vector<Column<Measured>>{
                                                   {"t", "s", &Measured::t},
                                                   {"latency", "s", &Measured::latency},
                                                   {"vehicle", "id", &Measured::vehicle}});
    auto uploads = file.add_table("uploads", std::vector<Column<Upload>>{{"latency", "s", &Upload::latency},
                                                                         {"t", "s", &Upload::t},
                                                                         {"vehicle", "index", &Upload::vehicle},
                                                                         {"server", "id", &Upload::server}});
    constexpr int kRows = 10000;
    for (int i = 0; i < kRows; ++i) {
      const double latency = 1.0 / (i + 3);
      measured.append({i * 0.5, latency, i % 97});
      // t differs from measured's in the last row only; vehicle repeats it under another unit.
      uploads.append({latency, i + 1 == kRows ? 0.0 : i * 0.5, i % 97, i % 97});
    }
    file.finish("complete");
    ready = file.take_compressed_chunks();
  }
  ASSERT_EQ(ready.at("uploads/latency").size(), 2u);
  compress_result_file(path, ready);

  auto file = h5::open_file_read(path);
  auto measured = h5::open_group(file, "measured"), uploads = h5::open_group(file, "uploads");
  EXPECT_EQ(names_of(h5::open_dataset(measured, "latency")), 2u) << "uploads/latency is a second name of it";
  EXPECT_EQ(names_of(h5::open_dataset(measured, "vehicle")), 2u) << "uploads/server is a second name of it";
  EXPECT_EQ(names_of(h5::open_dataset(measured, "t")), 1u) << "one row differs";
  EXPECT_EQ(names_of(h5::open_dataset(uploads, "vehicle")), 1u) << "its unit differs";
  EXPECT_EQ(h5::member_names(uploads), (std::vector<std::string>{"latency", "t", "vehicle", "server"}));
  EXPECT_EQ(h5::read_text_attribute(h5::open_dataset(uploads, "vehicle"), "unit"), "index");
  EXPECT_EQ(h5::read_text_attribute(h5::open_dataset(uploads, "server"), "unit"), "id");
  const auto latency = h5::read_doubles(h5::open_dataset(uploads, "latency"));
  const auto t = h5::read_doubles(h5::open_dataset(uploads, "t"));
  const auto server = h5::read_int64s(h5::open_dataset(uploads, "server"));
  ASSERT_EQ(t.size(), 10000u);
  for (int i = 0; i < 10000; ++i) {
    ASSERT_EQ(latency[i], 1.0 / (i + 3));
    ASSERT_EQ(t[i], i + 1 == 10000 ? 0.0 : i * 0.5);
    ASSERT_EQ(server[i], i % 97);
  }
}

// The bytes /rows' columns take in the file, and their values read back.
struct Stored {
  hsize_t bytes;
  std::vector<double> x;
  std::vector<std::int64_t> n;
  std::vector<unsigned char> byte;
};

Stored stored(const std::string& path) {
  auto rows = h5::open_group(h5::open_file_read(path), "rows");
  hsize_t bytes = 0;
  for (const char* column : {"x", "n", "hash", "byte"}) bytes += H5Dget_storage_size(h5::open_dataset(rows, column).id());
  return {bytes, h5::read_doubles(h5::open_dataset(rows, "x")), h5::read_int64s(h5::open_dataset(rows, "n")),
          h5::read_bytes(h5::open_dataset(rows, "byte"))};
}

TEST_F(Compression, ChunksCompressedAsTheFileIsWrittenAreTheOnesTheRewriteMakes) {
  const CompressedChunks ready = write_file(/*as_written=*/true);
  // The full chunks (two of 4,096 rows) of each column of fixed-size numbers; text is left to the rewrite.
  for (const char* column : {"rows/x", "rows/n", "rows/byte"}) {
    ASSERT_TRUE(ready.contains(column)) << column;
    EXPECT_EQ(ready.at(column).size(), 2u) << column;
  }
  EXPECT_FALSE(ready.contains("rows/hash"));
  EXPECT_FALSE(ready.contains("names/name"));
  compress_result_file(path, ready);
  const Stored with_ready = stored(path);
  write_file();
  compress_result_file(path);
  const Stored without = stored(path);
  EXPECT_EQ(with_ready.bytes, without.bytes);
  EXPECT_EQ(with_ready.x, without.x);
  EXPECT_EQ(with_ready.n, without.n);
  EXPECT_EQ(with_ready.byte, without.byte);
}

TEST_F(Compression, TheRewriteTakesTheChunksItIsGivenInsteadOfCompressingThemAgain) {
  ChunkCompressor other;  // x's first chunk as if its rows had all been 42
  const std::vector<double> forty_twos(4096, 42.0);
  const auto* bytes = reinterpret_cast<const unsigned char*>(forty_twos.data());
  other.add("rows/x", std::vector<unsigned char>(bytes, bytes + 4096 * sizeof(double)), sizeof(double));
  write_file();
  compress_result_file(path, other.take());
  const auto x = stored(path).x;
  ASSERT_EQ(x.size(), 10000u);
  EXPECT_EQ(x[0], 42.0);
  EXPECT_EQ(x[4095], 42.0);
  EXPECT_EQ(x[4096], 4096 * 0.25) << "the second chunk is the file's own";
}

TEST_F(Compression, AFileThatCannotBeReadIsLeftAsItIs) {
  { std::ofstream(path) << "not a result file"; }
  EXPECT_THROW(compress_result_file(path), h5::Error);
  std::ifstream kept(path);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "not a result file");
  EXPECT_FALSE(std::filesystem::exists(path + ".compressing"));
}

TEST_F(Compression, WhenTheCopyCannotBeWrittenTheFileAsWrittenStays) {
  write_file();
  const auto written = size_of(path);
  std::filesystem::create_directories(path + ".compressing/in the way");  // a copy cannot be created
  try {
    compress_result_file(path);
    FAIL() << "compressed although its copy could not be written";
  } catch (const h5::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + ": not compressed (", 0), 0u) << e.what();
  }
  std::filesystem::remove_all(path + ".compressing");
  EXPECT_EQ(size_of(path), written);
  EXPECT_EQ(h5::read_text_attribute(h5::open_file_read(path), "status"), "complete");
}

}  // namespace
}  // namespace vsm::core
