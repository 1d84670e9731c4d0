#include "analysis/result_reader.hpp"

#include <yaml-cpp/yaml.h>

namespace vsm::analysis {

namespace h5 = core::h5;

ResultReader::ResultReader(const std::string& path) : path_(path), file_(h5::open_file_read(path)) {
  if (!h5::has_attribute(file_, "format_version"))
    throw h5::Error(path + ": an HDF5 file, but not a vsm result (no format_version attribute)");
}

std::string ResultReader::attribute(const std::string& name) const {
  return h5::has_attribute(file_, name) ? h5::read_text_attribute(file_, name) : "";
}

std::string ResultReader::status() const { return attribute("status"); }

std::vector<std::string> ResultReader::tables() const {
  std::vector<std::string> names;
  for (const auto& name : h5::member_names(file_))
    if (h5::is_group(file_, name)) names.push_back(name);
  return names;
}

std::string ResultReader::scenario_yaml() const { return attribute("scenario_yaml"); }

std::vector<std::string> ResultReader::columns(const std::string& table) const {
  return h5::member_names(h5::open_group(file_, table));
}

h5::Handle ResultReader::dataset(const std::string& table, const std::string& column) const {
  return h5::open_dataset(h5::open_group(file_, table), column);
}

std::uint64_t ResultReader::rows(const std::string& table) const {
  h5::Handle group = h5::open_group(file_, table);
  if (h5::has_attribute(group, "rows")) return static_cast<std::uint64_t>(h5::read_int_attribute(group, "rows"));
  auto names = h5::member_names(group);  // a table written by another tool
  return names.empty() ? 0 : h5::length(h5::open_dataset(group, names.front()));
}

namespace {

template <class T>
std::vector<T> cut(std::vector<T> values, std::uint64_t rows) {
  if (values.size() > rows) values.resize(rows);
  return values;
}

}  // namespace

std::vector<double> ResultReader::doubles(const std::string& table, const std::string& column) const {
  return cut(h5::read_doubles(dataset(table, column)), rows(table));
}

std::vector<std::int64_t> ResultReader::integers(const std::string& table, const std::string& column) const {
  return cut(h5::read_int64s(dataset(table, column)), rows(table));
}

std::vector<std::string> ResultReader::texts(const std::string& table, const std::string& column) const {
  return cut(h5::read_texts(dataset(table, column)), rows(table));
}

std::vector<std::uint8_t> ResultReader::bytes(const std::string& table, const std::string& column) const {
  return cut(h5::read_bytes(dataset(table, column)), rows(table));
}

h5::ColumnType ResultReader::type(const std::string& table, const std::string& column) const {
  return h5::column_type(dataset(table, column));
}

ResultInfo ResultReader::info() const {
  ResultInfo info;
  info.path = path_;
  info.format_version = h5::read_int_attribute(file_, "format_version");
  info.vsm_version = attribute("vsm_version");
  info.git_commit = attribute("git_commit");
  info.status = status();
  info.started_at = attribute("started_at");
  info.finished_at = attribute("finished_at");
  info.scenario_yaml = scenario_yaml();
  info.error = attribute("error");
  if (h5::has_attribute(file_, "seed")) info.seed = h5::read_int_attribute(file_, "seed");
  try {
    YAML::Node scenario = YAML::Load(info.scenario_yaml);
    if (scenario["name"]) info.scenario_name = scenario["name"].as<std::string>();
  } catch (const YAML::Exception&) {
    info.scenario_name = "(unreadable scenario_yaml)";
  }
  for (const auto& name : tables()) {
    TableInfo table;
    table.name = name;
    table.rows = rows(name);
    h5::Handle group = h5::open_group(file_, name);
    table.columns = h5::member_names(group);
    for (const auto& column : table.columns)
      if (h5::length(h5::open_dataset(group, column)) < table.rows) table.ragged = true;
    info.tables.push_back(table);
  }
  return info;
}

}  // namespace vsm::analysis
