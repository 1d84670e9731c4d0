#pragma once
// Whether two result files hold the same results bit for bit: every table, column and value,
// and the resolved scenario (provenance such as times of day aside).

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/result_reader.hpp"

namespace vsm::testing {

// The bits of each value: NaN (a column's "not defined here") equals itself.
inline std::vector<std::uint64_t> bits(const std::vector<double>& values) {
  std::vector<std::uint64_t> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(std::bit_cast<std::uint64_t>(v));
  return out;
}

// Every table, column and value, bit for bit.
inline void expect_identical_tables(const std::string& a_path, const std::string& b_path) {
  analysis::ResultReader a(a_path), b(b_path);
  ASSERT_EQ(a.tables(), b.tables());
  for (const auto& table : a.tables()) {
    ASSERT_EQ(a.columns(table), b.columns(table)) << table;
    for (const auto& column : a.columns(table)) {
      if (a.type(table, column) == core::h5::ColumnType::Text)
        EXPECT_EQ(a.texts(table, column), b.texts(table, column)) << table << "/" << column;
      else  // bit for bit: compare the integers or the doubles exactly
        EXPECT_EQ(bits(a.doubles(table, column)), bits(b.doubles(table, column))) << table << "/" << column;
    }
  }
}

// The tables and the resolved scenario.
inline void expect_identical_results(const std::string& a_path, const std::string& b_path) {
  expect_identical_tables(a_path, b_path);
  EXPECT_EQ(analysis::ResultReader(a_path).info().scenario_yaml, analysis::ResultReader(b_path).info().scenario_yaml);
}

}  // namespace vsm::testing
