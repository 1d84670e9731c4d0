#pragma once
// A table of text cells with three renderings: aligned columns for the terminal, CSV for
// spreadsheets, Markdown for papers and READMEs.

#include <string>
#include <vector>

namespace vsm::analysis {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::string text() const;
  std::string csv() const;
  std::string markdown() const;
};

std::string format_value(double value);  // 6 significant digits; "nan" for NaN

}  // namespace vsm::analysis
