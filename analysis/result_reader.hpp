#pragma once
// Reading a vsm result file (layout in README "Result files") without SimGrid: its provenance
// attributes, its tables and their columns.

#include <cstdint>
#include <string>
#include <vector>

#include "core/hdf5.hpp"

namespace vsm::analysis {

struct TableInfo {
  std::string name;
  std::uint64_t rows = 0;  // committed rows (the `rows` attribute; see sim/result_file.hpp)
  std::vector<std::string> columns;
  bool ragged = false;  // a column holds fewer than `rows` values: damaged, or not written by vsm
};

struct ResultInfo {
  std::string path;
  std::int64_t format_version = 0;
  std::string vsm_version, git_commit, status, started_at, finished_at, scenario_name, scenario_yaml, error;
  std::int64_t seed = 0;
  std::vector<TableInfo> tables;
};

class ResultReader {
 public:
  // Throws core::h5::Error naming the file when it is not a readable vsm result.
  explicit ResultReader(const std::string& path);

  ResultInfo info() const;
  std::string status() const;  // the status attribute alone (info() also reads every table)
  std::string scenario_yaml() const;  // the resolved scenario the run recorded
  std::vector<std::string> tables() const;
  std::vector<std::string> columns(const std::string& table) const;
  // Columns are read up to the table's committed rows: a run killed while flushing may have
  // left a longer, partly written tail.
  std::uint64_t rows(const std::string& table) const;
  std::vector<double> doubles(const std::string& table, const std::string& column) const;
  std::vector<std::int64_t> integers(const std::string& table, const std::string& column) const;
  std::vector<std::string> texts(const std::string& table, const std::string& column) const;
  std::vector<std::uint8_t> bytes(const std::string& table, const std::string& column) const;
  core::h5::ColumnType type(const std::string& table, const std::string& column) const;

 private:
  std::string attribute(const std::string& name) const;  // "" when absent
  core::h5::Handle dataset(const std::string& table, const std::string& column) const;

  std::string path_;
  core::h5::Handle file_;
};

}  // namespace vsm::analysis
