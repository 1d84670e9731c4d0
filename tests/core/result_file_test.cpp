#include "core/result_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "analysis/result_reader.hpp"
#include "sim/result_layout.hpp"
#include "sim/run_tables.hpp"

namespace vsm::core {
namespace {

struct Row {
  double x = 0;
  std::int64_t n = 0;
  std::string s;
};

std::vector<Column<Row>> columns() { return {{"x", "s", &Row::x}, {"n", "", &Row::n}, {"s", "", &Row::s}}; }

class ResultFileTest : public ::testing::Test {
 protected:
  std::string path = (std::filesystem::temp_directory_path() /
                      ("vsm-result-" + std::to_string(getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".h5"))
                         .string();
  void TearDown() override { std::filesystem::remove(path); }
};

TEST_F(ResultFileTest, RowsAppendedAcrossFlushesReadBackInOrder) {
  {
    ResultFile file(path);
    h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
    auto table = file.add_table("things", columns());
    for (int i = 0; i < 5000; ++i) {  // more than one chunk (4096 rows)
      table.append({i * 0.5, -i, "row " + std::to_string(i)});
      if (i % 1000 == 999) file.flush();
    }
    file.finish("complete");
    EXPECT_EQ(table.rows(), 5000u);
  }
  analysis::ResultReader reader(path);
  auto x = reader.doubles("things", "x");
  auto n = reader.integers("things", "n");
  auto s = reader.texts("things", "s");
  ASSERT_EQ(x.size(), 5000u);
  ASSERT_EQ(n.size(), 5000u);
  ASSERT_EQ(s.size(), 5000u);
  EXPECT_EQ(x[4321], 2160.5);
  EXPECT_EQ(n[4999], -4999);
  EXPECT_EQ(s[17], "row 17");
  EXPECT_EQ(reader.columns("things"), (std::vector<std::string>{"x", "n", "s"}));  // creation order
  auto info = reader.info();
  EXPECT_EQ(info.status, "complete");
  ASSERT_EQ(info.tables.size(), 1u);
  EXPECT_EQ(info.tables[0].rows, 5000u);
  EXPECT_FALSE(info.tables[0].ragged);
}

TEST_F(ResultFileTest, UnflushedRowsAreNotInTheFileYet) {
  ResultFile file(path);
  h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
  auto table = file.add_table("things", columns());
  table.append({1, 1, "a"});
  file.flush();
  table.append({2, 2, "b"});  // buffered only
  analysis::ResultReader reader(path);
  EXPECT_EQ(reader.doubles("things", "x"), std::vector<double>{1});
  EXPECT_EQ(reader.info().status, "running");
}

// Servers' rounds end one after the other; the file is flushed once per round period of them.
TEST_F(ResultFileTest, ARunFlushesOncePerRoundPeriodNotOncePerServersRound) {
  ResultFile file(path);
  h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
  sim::RunTables tables(file, 3, 0, false, 60);
  auto rounds_in_file = [&] { return analysis::ResultReader(path).doubles("rounds", "t").size(); };
  auto end_round = [&](double t) {
    sim::RoundRow row;
    row.t = t;
    tables.rounds.append(row);
    tables.round_ended(t);
  };
  end_round(50);  // the first round's first server: flushed
  EXPECT_EQ(rounds_in_file(), 1u);
  end_round(55);
  end_round(109.5);  // the same period: buffered
  EXPECT_EQ(rounds_in_file(), 1u);
  end_round(110);  // a period after the last flush
  EXPECT_EQ(rounds_in_file(), 4u);
  end_round(112);
  file.finish("complete");  // the run's end flushes the rest
  EXPECT_EQ(rounds_in_file(), 5u);
}

TEST_F(ResultFileTest, AfterEveryFlushEveryColumnHoldsExactlyTheRowsWritten) {
  ResultFile file(path);
  h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
  auto table = file.add_table("things", columns(), 16);
  for (int i = 0; i < 37; ++i) {
    table.append({1.0 * i, i, "r"});
    if (i % 3 == 0) table.append({-1.0, -1, "two in this round"});
    file.flush();
    auto written = h5::open_file_read(path);
    auto group = h5::open_group(written, "things");
    for (const char* column : {"x", "n", "s"})
      ASSERT_EQ(h5::length(h5::open_dataset(group, column)), table.rows()) << column << " after row " << i;
  }
}

// Where a column keeps its length, read from the file's bytes as the HDF5 format specification
// lays it out (a version 1 object header: a 16-byte prefix, then messages of an 8-byte header
// each; the dataspace message, type 1, holds version, rank and flags, then the current size),
// independently of h5::length_address.
haddr_t length_field(const std::string& path, const h5::Handle& group, const std::string& column) {
  H5O_info_t info;
  EXPECT_GE(H5Oget_info_by_name2(group.id(), column.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), 0);
  std::ifstream file(path, std::ios::binary);
  std::vector<unsigned char> header(512);
  file.seekg(static_cast<std::streamoff>(info.addr));
  file.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header.size()));
  EXPECT_EQ(header[0], 1) << column << ": object header version";
  for (std::size_t at = 16; at + 8 < header.size();) {
    const unsigned type = header[at] | header[at + 1] << 8, size = header[at + 2] | header[at + 3] << 8;
    if (type == 1) return info.addr + at + 16;
    at += 8 + size;
  }
  ADD_FAILURE() << column << ": no dataspace message";
  return 0;
}

std::uint64_t little_endian_at(const std::string& path, haddr_t at) {
  std::ifstream file(path, std::ios::binary);
  file.seekg(static_cast<std::streamoff>(at));
  unsigned char bytes[8] = {};
  file.read(reinterpret_cast<char*>(bytes), 8);
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = value << 8 | bytes[i];
  return value;
}

std::string numbered(const char* prefix, std::size_t i) {
  std::string name = prefix;
  name += std::to_string(i);  // (not prefix + ...: GCC 12 warns wrongly on that chain)
  return name;
}

// Kill safety rests on this (core/result_file.hpp, point 2): a kill can cut a write between two
// pages, never inside one, so a table whose column lengths share a page grows whole or not at
// all. Many tables of up to 24 columns, so that page boundaries fall among some of them.
TEST_F(ResultFileTest, EveryTablesColumnLengthsLieInOnePage) {
  std::vector<std::vector<std::string>> tables;
  {
    ResultFile file(path);
    h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
    std::vector<Table<Row>> writers;
    for (std::size_t t = 0; t < 12; ++t) {
      std::vector<Column<Row>> wide;
      std::vector<std::string> names;
      for (std::size_t c = 0; c < 1 + 2 * t; ++c) {
        names.push_back(numbered("c", c));
        if (c % 3 == 0)
          wide.push_back({names.back(), "s", &Row::x});
        else if (c % 3 == 1)
          wide.push_back({names.back(), "", &Row::n});
        else
          wide.push_back({names.back(), "", &Row::s, 16});
      }
      writers.push_back(file.add_table(numbered("table", t), wide, 64));
      tables.push_back(names);
    }
    for (int i = 0; i < 100; ++i)
      for (auto& table : writers) table.append({1.0 * i, i, "row"});
    file.finish("complete");
  }
  auto file = h5::open_file_read(path);
  for (std::size_t t = 0; t < tables.size(); ++t) {
    auto group = h5::open_group(file, numbered("table", t));
    std::set<haddr_t> pages;
    for (const auto& column : tables[t]) {
      const haddr_t at = length_field(path, group, column);
      EXPECT_EQ(little_endian_at(path, at), 100u) << "table" << t << "/" << column << ": not its length";
      EXPECT_EQ(at, h5::length_address(h5::open_dataset(group, column))) << "table" << t << "/" << column;
      pages.insert(at / 4096);
    }
    EXPECT_EQ(pages.size(), 1u) << "table" << t << ": its " << tables[t].size() << " lengths span pages";
  }
}

// Kill safety, point 3: rows never go into a chunk whose index entry is in the same flush, so
// whatever prefix of a flush a kill leaves, the lengths on disk cover indexed chunks only.
TEST_F(ResultFileTest, AColumnGrowsOnlyIntoChunksIndexedByAnEarlierFlush) {
  constexpr hsize_t kChunk = 16;
  h5::Handle file = h5::create_file(path);
  TableWriter writer(file, "t", {{"x", "", 0}, {"s", "", 8}}, {std::vector<double>{}, std::vector<std::string>{}},
                     kChunk);
  struct State {
    hsize_t rows, chunks;
  };
  std::vector<std::vector<State>> after_flush;  // per flush, per column
  const auto flush = [&] {
    h5::flush(file);
    std::vector<State> now;
    auto group = h5::open_group(file, "t");
    for (const char* name : {"x", "s"}) {
      auto column = h5::open_dataset(group, name);
      h5::Handle space(H5Dget_space(column.id()), H5Sclose, "space");
      hsize_t chunks = 0;
      EXPECT_GE(H5Dget_num_chunks(column.id(), space.id(), &chunks), 0);
      now.push_back({h5::length(column), chunks});
    }
    after_flush.push_back(now);
  };
  int rows = 0;
  for (int round = 0; round < 30; ++round) {
    const int count = round % 7 == 3 ? 40 : round % 3;  // now and then more than two chunks at once
    for (int i = 0; i < count; ++i, ++rows) {
      std::get<std::vector<double>>(writer.pending()[0]).push_back(rows);
      std::get<std::vector<std::string>>(writer.pending()[1]).push_back(std::to_string(rows));
      writer.row_added();
    }
    writer.write_pending(flush);
    flush();
  }
  ASSERT_GT(rows, 5 * static_cast<int>(kChunk));
  for (std::size_t k = 1; k < after_flush.size(); ++k)
    for (std::size_t c = 0; c < 2; ++c)
      ASSERT_LE(after_flush[k][c].rows, kChunk * after_flush[k - 1][c].chunks) << "flush " << k << ", column " << c;
  auto group = h5::open_group(file, "t");
  const auto x = h5::read_doubles(h5::open_dataset(group, "x"));
  const auto s = h5::read_texts(h5::open_dataset(group, "s"));
  ASSERT_EQ(x.size(), static_cast<std::size_t>(rows));
  ASSERT_EQ(s.size(), static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    ASSERT_EQ(x[i], i);
    ASSERT_EQ(s[i], std::to_string(i));
  }
}

struct Digest {
  std::string hex;
  std::uint8_t byte = 0;
};

TEST_F(ResultFileTest, FixedWidthTextAndByteColumnsReadBackAsWritten) {
  {
    ResultFile file(path);
    h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
    auto table = file.add_table("digests", std::vector<Column<Digest>>{{"hex", "", &Digest::hex, 8},
                                                                      {"byte", "", &Digest::byte}});
    table.append({"01234567", 0});
    table.append({"ab", 255});  // shorter than the width: NUL-padded
    table.append({"", 7});
    file.finish("complete");
  }
  analysis::ResultReader reader(path);
  EXPECT_EQ(reader.texts("digests", "hex"), (std::vector<std::string>{"01234567", "ab", ""}));
  EXPECT_EQ(reader.bytes("digests", "byte"), (std::vector<std::uint8_t>{0, 255, 7}));
  EXPECT_EQ(reader.type("digests", "byte"), h5::ColumnType::Byte);
  EXPECT_EQ(reader.type("digests", "hex"), h5::ColumnType::Text);
}

TEST_F(ResultFileTest, ATextWiderThanItsColumnIsAnError) {
  ResultFile file(path);
  auto table = file.add_table("digests", std::vector<Column<Digest>>{{"hex", "", &Digest::hex, 4}});
  table.append({"too wide"});
  EXPECT_THROW(file.flush(), h5::Error);
}

// What a kill between the two flush phases leaves: columns longer than the committed rows.
TEST_F(ResultFileTest, ReadersStopAtTheCommittedRows) {
  {
    ResultFile file(path);
    h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
    auto table = file.add_table("things", columns());
    table.append({1, 1, "a"});
    table.append({2, 2, "b"});
    file.flush();
    h5::Handle group = h5::open_group(file.root(), "things");
    h5::write_at(h5::open_dataset(group, "x"), 2, std::vector<double>{3});  // phase 1 only, one column
  }
  analysis::ResultReader reader(path);
  EXPECT_EQ(reader.rows("things"), 2u);
  EXPECT_EQ(reader.doubles("things", "x"), (std::vector<double>{1, 2}));
  EXPECT_FALSE(reader.info().tables[0].ragged);
}

TEST_F(ResultFileTest, TheFileTakesItsNameAtItsFirstFlush) {
  std::ofstream(path) << "an older file in the way";
  {
    ResultFile file(path);
    h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
    // Until the first flush the new file is PATH.creating and the old one is untouched.
    EXPECT_TRUE(std::filesystem::exists(path + ResultFile::kCreatingSuffix));
    std::ifstream old(path);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(old), {}), "an older file in the way");
    file.flush();
    EXPECT_FALSE(std::filesystem::exists(path + ResultFile::kCreatingSuffix));
    // Under its name it is a result that says what it is, even if the run dies now.
    EXPECT_EQ(analysis::ResultReader(path).status(), "running");
    file.finish("complete");
  }
  EXPECT_EQ(analysis::ResultReader(path).status(), "complete");
}

TEST_F(ResultFileTest, AFileNeverFlushedLeavesNothing) {
  { ResultFile file(path); }
  EXPECT_FALSE(std::filesystem::exists(path + ResultFile::kCreatingSuffix));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(ResultFileTest, FinishNamesAFileNeverFlushed) {
  { ResultFile(path).finish("failed"); }
  EXPECT_FALSE(std::filesystem::exists(path + ResultFile::kCreatingSuffix));
  EXPECT_EQ(h5::read_text_attribute(h5::open_file_read(path), "status"), "failed");
}

TEST_F(ResultFileTest, StatusIsReplacedNotDuplicated) {
  {
    ResultFile file(path);
    h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
    file.finish("interrupted");
  }
  EXPECT_EQ(analysis::ResultReader(path).info().status, "interrupted");
}

TEST_F(ResultFileTest, ForeignFilesAreRejectedWithTheirName) {
  { std::ofstream(path) << "not hdf5"; }
  try {
    analysis::ResultReader reader(path);
    FAIL();
  } catch (const h5::Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": not an HDF5 file (or unreadable)");
  }
  std::filesystem::remove(path);
  { ResultFile(path).flush(); }  // HDF5, but no format_version
  try {
    analysis::ResultReader reader(path);
    FAIL();
  } catch (const h5::Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": an HDF5 file, but not a vsm result (no format_version attribute)");
  }
}

}  // namespace
}  // namespace vsm::core
