#include "core/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/input_error.hpp"

namespace vsm::core {
namespace {

std::string quoted_scalar(const YAML::Node& node) {
  if (node.IsScalar()) return "\"" + node.Scalar() + "\"";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return "nothing";
}

// "edge_servers.0.policy" -> {"edge_servers", "0", "policy"}
std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!text.empty() && text.back() == sep) parts.emplace_back();
  return parts;
}

// A missing key reads as an undefined ("zombie") node, which yaml-cpp refuses to rebind or
// assign to: test for it before keeping a node.
bool absent(const YAML::Node& node) { return !node.IsDefined() || node.IsNull(); }

bool is_index(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// --- YamlDocument ----------------------------------------------------------------------------

YamlDocument YamlDocument::load_file(const std::string& path) {
  if (std::filesystem::is_directory(path)) throw InputError(path + ": is a directory, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open scenario file (does it exist and is it readable?)");
  std::stringstream text;
  text << in.rdbuf();
  return load_string(text.str(), path);
}

YamlDocument YamlDocument::load_string(const std::string& text, const std::string& name) {
  YamlDocument doc;
  doc.name_ = name;
  try {
    doc.root_ = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(name + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                     ": malformed YAML: " + e.msg);
  }
  if (!doc.root_.IsDefined() || doc.root_.IsNull())
    throw InputError(name + ":1:1: the scenario is empty (expected a map of settings, see scenarios/README.md)");
  if (!doc.root_.IsMap())
    doc.fail("", doc.root_, "the scenario must be a map of settings, got " + quoted_scalar(doc.root_));
  return doc;
}

void YamlDocument::apply_override(const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set " + assignment + ": expected key.path=value");
  std::string key = assignment.substr(0, eq);
  std::string value_text = assignment.substr(eq + 1);
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::ParserException& e) {
    throw InputError("--set " + assignment + ": malformed value: " + e.msg);
  }

  std::vector<std::string> parts = split(key, '.');
  std::string path;
  YAML::Node current = root_;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) throw InputError("--set " + assignment + ": empty key in path '" + key + "'");
    bool last = i + 1 == parts.size();
    YAML::Node child;
    if (current.IsSequence()) {
      if (!is_index(part))
        throw InputError("--set " + assignment + ": " + path + " is a list; use an index such as " + path + ".0");
      std::size_t index = std::stoul(part);
      if (index >= current.size())
        throw InputError("--set " + assignment + ": " + path + " has " + std::to_string(current.size()) +
                         " elements, no index " + part);
      path += "[" + part + "]";
      if (last) {
        current[index] = value;
        break;
      }
      child = current[index];
    } else {
      if (!current.IsMap()) {
        if (!current.IsNull() && current.IsDefined())
          throw InputError("--set " + assignment + ": " + path + " is not a map");
        current = YAML::Node(YAML::NodeType::Map);
      }
      path += (path.empty() ? "" : ".") + part;
      if (last) {
        current[part] = value;
        break;
      }
      if (!current[part].IsDefined() || current[part].IsNull()) current[part] = YAML::Node(YAML::NodeType::Map);
      child = current[part];
    }
    current.reset(child);  // rebind, do not assign: assignment would copy into the node
  }
  overrides_.emplace_back(path, assignment);
}

std::string YamlDocument::locate(const std::string& key_path, const YAML::Node& node) const {
  // The newest override wins, as it does in the document.
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    const std::string& p = it->first;
    bool covers = key_path == p ||
                  (key_path.size() > p.size() && key_path.compare(0, p.size(), p) == 0 &&
                   (key_path[p.size()] == '.' || key_path[p.size()] == '['));
    if (covers) return "--set " + it->second;
  }
  if (node.IsDefined() && !node.Mark().is_null())
    return name_ + ":" + std::to_string(node.Mark().line + 1) + ":" + std::to_string(node.Mark().column + 1);
  return name_;
}

void YamlDocument::fail(const std::string& key_path, const YAML::Node& node, const std::string& message) const {
  std::string where = locate(key_path, node);
  throw InputError(where + ": " + (key_path.empty() ? "" : key_path + ": ") + message);
}

// --- Bounds ----------------------------------------------------------------------------------

std::optional<std::string> Bounds::violation(double value) const {
  if (!std::isfinite(value)) return "must be a finite number (got " + format_number(value) + ")";
  if (min_exclusive ? value <= min : value < min)
    return std::string("must be ") + (min_exclusive ? "> " : ">= ") + format_number(min) + " (got " +
           format_number(value) + ")";
  if (max_exclusive ? value >= max : value > max)
    return std::string("must be ") + (max_exclusive ? "< " : "<= ") + format_number(max) + " (got " +
           format_number(value) + ")";
  return std::nullopt;
}

// --- MapReader -------------------------------------------------------------------------------

MapReader::MapReader(const YamlDocument& doc, YAML::Node node, std::string path, bool optional_map,
                     YAML::Node anchor)
    : doc_(&doc),
      node_(absent(node) && optional_map ? YAML::Node(YAML::NodeType::Map) : node),
      anchor_(node.IsDefined() && !node.Mark().is_null() ? node : anchor),
      path_(std::move(path)) {
  if (!node_.IsMap()) fail_here("expected a map of settings, got " + quoted_scalar(node_));
  std::map<std::string, int> seen;
  for (const auto& kv : node_) {
    std::string key = kv.first.Scalar();
    if (++seen[key] > 1) doc_->fail(path_of(key), kv.first, "duplicate key");
  }
}

std::string MapReader::path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

YAML::Node MapReader::node(const std::string& key) const {
  const YAML::Node& map = node_;  // const access never inserts keys
  YAML::Node found = map[key];
  // A missing key reads as a "zombie" node whose every question throws yaml-cpp's InvalidNode.
  return found.IsDefined() ? found : YAML::Node(YAML::NodeType::Undefined);
}

bool MapReader::has(const std::string& key) const {
  YAML::Node n = node(key);
  return n.IsDefined() && !n.IsNull();
}

void MapReader::fail(const std::string& key, const std::string& message) const {
  YAML::Node n = node(key);
  doc_->fail(path_of(key), n.IsDefined() ? n : anchor_, message);
}

void MapReader::fail_here(const std::string& message) const { doc_->fail(path_, anchor_, message); }

YAML::Node MapReader::required_scalar(const std::string& key, const char* kind) {
  asked_.insert(key);
  if (!has(key)) fail(key, std::string("missing required key (expected ") + kind + ")");
  YAML::Node n = node(key);
  if (!n.IsScalar()) fail(key, std::string("expected ") + kind + ", got " + quoted_scalar(n));
  return n;
}

double MapReader::number(const std::string& key, Bounds bounds) {
  YAML::Node n = required_scalar(key, "a number");
  double value = 0;
  if (!YAML::convert<double>::decode(n, value)) fail(key, "expected a number, got " + quoted_scalar(n));
  if (auto why = bounds.violation(value)) fail(key, *why);
  return value;
}

double MapReader::number(const std::string& key, double fallback, Bounds bounds) {
  asked_.insert(key);
  return has(key) ? number(key, bounds) : fallback;
}

std::int64_t MapReader::integer(const std::string& key, Bounds bounds) {
  YAML::Node n = required_scalar(key, "an integer");
  double value = 0;
  long long whole = 0;
  if (YAML::convert<long long>::decode(n, whole)) {
    value = static_cast<double>(whole);
  } else if (YAML::convert<double>::decode(n, value) && std::isfinite(value) && value == std::floor(value) &&
             std::fabs(value) < 9.0e15) {
    whole = static_cast<long long>(value);  // accepts 1e3
  } else {
    fail(key, "expected an integer, got " + quoted_scalar(n));
  }
  if (auto why = bounds.violation(value)) fail(key, *why);
  return whole;
}

std::int64_t MapReader::integer(const std::string& key, std::int64_t fallback, Bounds bounds) {
  asked_.insert(key);
  return has(key) ? integer(key, bounds) : fallback;
}

bool MapReader::flag(const std::string& key, bool fallback) {
  asked_.insert(key);
  if (!has(key)) return fallback;
  YAML::Node n = required_scalar(key, "true or false");
  bool value = false;
  if (!YAML::convert<bool>::decode(n, value)) fail(key, "expected true or false, got " + quoted_scalar(n));
  return value;
}

std::string MapReader::text(const std::string& key) { return required_scalar(key, "a string").Scalar(); }

std::string MapReader::text(const std::string& key, const std::string& fallback) {
  asked_.insert(key);
  return has(key) ? text(key) : fallback;
}

std::string MapReader::choice(const std::string& key, const std::string& fallback,
                              const std::vector<std::string>& choices) {
  std::string value = text(key, fallback);
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return value;
  std::string list = join(choices, ", ");
  auto guess = closest_match(value, choices);
  fail(key, "unknown value \"" + value + "\"" + (guess ? " (did you mean \"" + *guess + "\"?)" : "") +
                "; expected one of: " + list);
}

std::vector<double> MapReader::numbers(const std::string& key, std::vector<double> fallback, Bounds bounds) {
  const std::size_t size = fallback.size();
  return number_list(key, std::move(fallback), size, size, bounds);
}

std::vector<double> MapReader::number_list(const std::string& key, std::vector<double> fallback,
                                           std::size_t min_count, std::size_t max_count, Bounds bounds) {
  asked_.insert(key);
  if (!has(key)) return fallback;
  return read_numbers(path_of(key), node(key), min_count, max_count, bounds);
}

std::vector<double> MapReader::read_numbers(const std::string& where, const YAML::Node& n, std::size_t min_count,
                                            std::size_t max_count, Bounds bounds) const {
  std::string expected = min_count == max_count ? "a list of " + std::to_string(min_count) + " numbers"
                                                : "a list of at least " + std::to_string(min_count) + " numbers";
  if (!n.IsSequence() || n.size() < min_count || n.size() > max_count)
    doc_->fail(where, n, "expected " + expected + ", got " + quoted_scalar(n));
  std::vector<double> values;
  for (std::size_t i = 0; i < n.size(); ++i) {
    double v = 0;
    std::string at = where + "[" + std::to_string(i) + "]";
    if (!n[i].IsScalar() || !YAML::convert<double>::decode(n[i], v))
      doc_->fail(at, n[i], "expected a number, got " + quoted_scalar(n[i]));
    if (auto why = bounds.violation(v)) doc_->fail(at, n[i], *why);
    values.push_back(v);
  }
  return values;
}

std::vector<std::array<double, 2>> MapReader::pairs(const std::string& key, Bounds bounds) {
  asked_.insert(key);
  if (!has(key)) return {};
  YAML::Node n = node(key);
  if (!n.IsSequence()) fail(key, "expected a list of [x, y] pairs, got " + quoted_scalar(n));
  std::vector<std::array<double, 2>> values;
  for (std::size_t i = 0; i < n.size(); ++i) {
    auto pair = read_numbers(path_of(key) + "[" + std::to_string(i) + "]", n[i], 2, 2, bounds);
    values.push_back({pair[0], pair[1]});
  }
  return values;
}

MapReader MapReader::map(const std::string& key) {
  asked_.insert(key);
  return MapReader(*doc_, node(key), path_of(key), /*optional_map=*/true, anchor_);
}

std::vector<MapReader> MapReader::maps(const std::string& key, std::size_t min_count) {
  asked_.insert(key);
  YAML::Node n = node(key);
  if (!has(key)) {
    if (min_count > 0) fail(key, "missing required key (expected a list of at least " + std::to_string(min_count) + ")");
    return {};
  }
  if (!n.IsSequence()) fail(key, "expected a list, got " + quoted_scalar(n));
  if (n.size() < min_count)
    fail(key, "expected at least " + std::to_string(min_count) + " element(s), got " + std::to_string(n.size()));
  std::vector<MapReader> readers;
  for (std::size_t i = 0; i < n.size(); ++i)
    readers.emplace_back(*doc_, n[i], path_of(key) + "[" + std::to_string(i) + "]", false, n);
  return readers;
}

void MapReader::finish() const {
  std::vector<std::string> known(asked_.begin(), asked_.end());
  for (const auto& kv : node_) {
    std::string key = kv.first.Scalar();
    if (asked_.count(key)) continue;
    auto guess = closest_match(key, known);
    std::string known_list = join(known, ", ");
    doc_->fail(path_of(key), kv.first,
               "unknown key" + (guess ? " (did you mean \"" + *guess + "\"?)" : std::string()) +
                   (known_list.empty() ? "" : "; known keys here: " + known_list));
  }
}

}  // namespace vsm::core
