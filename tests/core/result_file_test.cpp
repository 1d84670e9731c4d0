#include "core/result_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "analysis/result_reader.hpp"
#include "sim/result_layout.hpp"

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

// Kill safety rests on this layout (core/result_file.cpp): a table's column headers side by
// side, so that HDF5 writes the lengths of all its columns in one write.
TEST_F(ResultFileTest, ATablesColumnHeadersLieSideBySide) {
  {
    ResultFile file(path);
    h5::write_attribute(file.root(), "format_version", sim::kFormatVersion);
    auto first = file.add_table("things", columns());
    auto second = file.add_table("more", columns());
    file.flush();
  }
  auto file = h5::open_file_read(path);
  for (const char* table : {"things", "more"}) {
    auto group = h5::open_group(file, table);
    std::vector<haddr_t> at;
    for (const char* column : {"x", "n", "s"}) {
      H5O_info_t info;
      ASSERT_GE(H5Oget_info_by_name2(group.id(), column, &info, H5O_INFO_BASIC, H5P_DEFAULT), 0);
      at.push_back(info.addr);
    }
    EXPECT_LT(at[0], at[1]);
    EXPECT_EQ(at[2] - at[1], at[1] - at[0]) << table << ": something lies between two column headers";
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
