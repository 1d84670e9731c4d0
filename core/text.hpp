#pragma once
// Small text helpers for messages a person reads: numbers as written, "did you mean", lists.

#include <optional>
#include <string>
#include <vector>

namespace vsm::core {

// A number as a person writes it: 100, 0.9, 1e+09.
std::string format_number(double value);
// The shortest text that reads back as the same double: a recorded scenario stays exact.
std::string exact_number(double value);

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates);

// "a, b, c" for {"a", "b", "c"} and ", ".
std::string join(const std::vector<std::string>& parts, const std::string& separator);

}  // namespace vsm::core
