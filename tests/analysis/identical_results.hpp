#pragma once
// Whether two result files hold the same results bit for bit: every table, column and value,
// and the resolved scenario (provenance such as times of day aside).

#include <gtest/gtest.h>

#include <string>

#include "analysis/result_reader.hpp"

namespace vsm::testing {

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
        EXPECT_EQ(a.doubles(table, column), b.doubles(table, column)) << table << "/" << column;
    }
  }
}

// The tables and the resolved scenario.
inline void expect_identical_results(const std::string& a_path, const std::string& b_path) {
  expect_identical_tables(a_path, b_path);
  EXPECT_EQ(analysis::ResultReader(a_path).info().scenario_yaml, analysis::ResultReader(b_path).info().scenario_yaml);
}

}  // namespace vsm::testing
