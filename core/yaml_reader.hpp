#pragma once
// Reading a YAML document against a schema that is written as code: a MapReader hands out the
// keys the caller asks for (with defaults and bounds), and finish() rejects every key nobody
// asked for, with a "did you mean" suggestion. Every error names file:line:column (or the
// --set override it came from) and the dotted key path.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <array>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace vsm::core {

// A YAML file plus the --set overrides applied to it; knows where every node came from.
class YamlDocument {
 public:
  // Throws InputError for a missing, unreadable, malformed or empty file.
  static YamlDocument load_file(const std::string& path);
  static YamlDocument load_string(const std::string& text, const std::string& name);

  // Applies "dotted.key.path=value" (value parsed as YAML; list elements by index: servers.0.x).
  void apply_override(const std::string& assignment);

  const YAML::Node& root() const { return root_; }
  const std::string& name() const { return name_; }

  // "file:line:column" for a node from the file, or "--set k=v" for an overridden path.
  std::string locate(const std::string& key_path, const YAML::Node& node) const;
  [[noreturn]] void fail(const std::string& key_path, const YAML::Node& node,
                         const std::string& message) const;

 private:
  std::string name_;
  YAML::Node root_;
  std::vector<std::pair<std::string, std::string>> overrides_;  // key path, original assignment
};

// Inclusive or exclusive numeric bounds, printed in error messages.
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;

  static Bounds any() { return {}; }
  static Bounds positive() { return {0.0, std::numeric_limits<double>::infinity(), true, false}; }
  static Bounds at_least(double lo) { return {lo, std::numeric_limits<double>::infinity(), false, false}; }
  static Bounds between(double lo, double hi) { return {lo, hi, false, false}; }
  // Why `value` is outside, or nothing when it is inside.
  std::optional<std::string> violation(double value) const;
};

class MapReader {
 public:
  // `node` must be a map (or absent/null, read as an empty map when `optional_map`). Errors
  // about keys it lacks are located at `node`, or at `anchor` (its parent) when it is absent.
  MapReader(const YamlDocument& doc, YAML::Node node, std::string path, bool optional_map = false,
            YAML::Node anchor = {});

  bool has(const std::string& key) const;
  double number(const std::string& key, Bounds bounds = {});
  double number(const std::string& key, double fallback, Bounds bounds = {});
  std::int64_t integer(const std::string& key, Bounds bounds = {});
  std::int64_t integer(const std::string& key, std::int64_t fallback, Bounds bounds = {});
  bool flag(const std::string& key, bool fallback);
  std::string text(const std::string& key);
  std::string text(const std::string& key, const std::string& fallback);
  // One of `choices`; an unknown word gets a "did you mean" suggestion.
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& choices);
  // A list of exactly `size` numbers, e.g. a position [x, y].
  std::vector<double> numbers(const std::string& key, std::vector<double> fallback, Bounds bounds = {});
  // A list of min_count..max_count numbers, e.g. lane speeds.
  std::vector<double> number_list(const std::string& key, std::vector<double> fallback, std::size_t min_count,
                                  std::size_t max_count, Bounds bounds = {});
  // A list of [x, y] pairs (empty when the key is absent).
  std::vector<std::array<double, 2>> pairs(const std::string& key, Bounds bounds = {});

  MapReader map(const std::string& key);  // a missing key reads as an empty map
  std::vector<MapReader> maps(const std::string& key, std::size_t min_count = 0);  // list of maps

  // Marks a key as known when the caller reads its node itself (for shapes no reader covers).
  void claim(const std::string& key) { asked_.insert(key); }

  // Rejects keys that were never asked for. Call once every key has been read.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  [[noreturn]] void fail_here(const std::string& message) const;  // about the map itself
  std::string path_of(const std::string& key) const;
  const YamlDocument& document() const { return *doc_; }
  // The key's node; a missing key gives an undefined node (never one that throws when asked).
  YAML::Node node(const std::string& key) const;

 private:
  YAML::Node required_scalar(const std::string& key, const char* kind);
  std::vector<double> read_numbers(const std::string& where, const YAML::Node& n, std::size_t min_count,
                                   std::size_t max_count, Bounds bounds) const;

  const YamlDocument* doc_;
  YAML::Node node_;
  YAML::Node anchor_;  // where this map is in the file: node_, or its parent when node_ is absent
  std::string path_;
  std::set<std::string> asked_;
};

}  // namespace vsm::core
