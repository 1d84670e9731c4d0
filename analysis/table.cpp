#include "analysis/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vsm::analysis {

std::string format_value(double value) {
  if (std::isnan(value)) return "nan";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string Table::text() const {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      bool last = c + 1 == cells.size();
      out += cells[c] + (last ? "" : std::string(width[c] - cells[c].size() + 2, ' '));
    }
    return out + "\n";
  };
  std::string out = line(header);
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string Table::csv() const {
  auto line = [](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::string cell = cells[c];
      bool quote = cell.find_first_of(",\"\n ") != std::string::npos;
      std::string escaped;
      for (char ch : cell) escaped += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      if (c) out += ',';
      if (quote) out += '"';
      out += escaped;
      if (quote) out += '"';
    }
    return out + "\n";
  };
  std::string out = line(header);
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string Table::markdown() const {
  auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) {
      std::string escaped;
      for (char ch : c) escaped += ch == '|' ? std::string("\\|") : std::string(1, ch);
      out += " " + escaped + " |";
    }
    return out + "\n";
  };
  std::string out = line(header) + "|";
  for (std::size_t c = 0; c < header.size(); ++c) out += c < 2 ? "---|" : "---:|";
  out += "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

}  // namespace vsm::analysis
