#pragma once
// A mutation fuzzer for scenario files: every way of breaking a valid scenario one key at a
// time. For each key of each map: delete it, write it twice, add an unknown sibling; for each
// value: retype it (scalar, list, map, nothing), push numbers out of range (negative, zero,
// huge, not finite, fractional), empty a list or append a copy of its last element. A mutant
// is YAML text; some mutants are still valid scenarios (an optional key deleted, a number
// that stays in range), the reader must refuse the others with a located one-line error.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vsm::testing {

struct Mutant {
  std::string label;  // e.g. "edge_servers[0].policy.items: empty list"
  std::string text;   // the mutated scenario
};

namespace mutation_detail {

// A step from a node to a child: a map key or a list index.
struct Step {
  std::string key;
  std::size_t index = 0;
  bool is_key = true;
  bool operator==(const Step&) const = default;
};
using Path = std::vector<Step>;

inline std::string describe(const Path& path) {
  std::string text;
  for (const auto& s : path) {
    if (!s.is_key) {
      text.append("[").append(std::to_string(s.index)).append("]");
      continue;
    }
    if (!text.empty()) text.push_back('.');
    text.append(s.key);
  }
  return text.empty() ? "(root)" : text;
}

// Emits `node` as block YAML; the map at `duplicate_in` writes its key `duplicate_key` twice
// (yaml-cpp's nodes cannot hold a duplicate key, so the fault is made while writing).
inline void emit(YAML::Emitter& out, const YAML::Node& node, const Path& at, const Path* duplicate_in,
                 const std::string& duplicate_key) {
  if (node.IsMap()) {
    out << YAML::BeginMap;
    for (const auto& kv : node) {
      Path child = at;
      child.push_back({kv.first.Scalar(), 0, true});
      int copies = duplicate_in && *duplicate_in == at && kv.first.Scalar() == duplicate_key ? 2 : 1;
      for (int c = 0; c < copies; ++c) {
        out << YAML::Key << kv.first.Scalar() << YAML::Value;
        emit(out, kv.second, child, duplicate_in, duplicate_key);
      }
    }
    out << YAML::EndMap;
  } else if (node.IsSequence()) {
    out << YAML::BeginSeq;
    for (std::size_t i = 0; i < node.size(); ++i) {
      Path child = at;
      child.push_back({"", i, false});
      emit(out, node[i], child, duplicate_in, duplicate_key);
    }
    out << YAML::EndSeq;
  } else if (node.IsScalar()) {
    out << node.Scalar();
  } else {
    out << YAML::Null;
  }
}

inline std::string text_of(const YAML::Node& root, const Path* duplicate_in = nullptr, const std::string& key = "") {
  YAML::Emitter out;
  emit(out, root, {}, duplicate_in, key);
  return std::string(out.c_str()) + "\n";
}

// The node at `path` in `root` (a deep copy of the scenario, so mutating it leaves the original).
inline YAML::Node at(YAML::Node root, const Path& path) {
  YAML::Node node = root;
  for (const auto& s : path) {
    YAML::Node child = s.is_key ? node[s.key] : node[s.index];
    node.reset(child);
  }
  return node;
}

inline bool is_number(const YAML::Node& n) {
  double v = 0;
  return n.IsScalar() && YAML::convert<double>::decode(n, v);
}

// Every path to a node of the tree, parents before children.
inline void collect(const YAML::Node& node, const Path& path, std::vector<Path>& paths) {
  paths.push_back(path);
  if (node.IsMap()) {
    for (const auto& kv : node) {
      Path child = path;
      child.push_back({kv.first.Scalar(), 0, true});
      collect(kv.second, child, paths);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      Path child = path;
      child.push_back({"", i, false});
      collect(node[i], child, paths);
    }
  }
}

}  // namespace mutation_detail

// Whether `message` is FILE followed by ":LINE:COLUMN: key.path: what is wrong" on one line.
// (Checked by hand: GCC 12's <regex> does not compile warning-free at -O1 with sanitizers.)
inline bool is_located_error(std::string_view message, std::string_view file) {
  if (message.substr(0, file.size()) != file) return false;
  std::string_view rest = message.substr(file.size());
  const auto number = [&rest] {  // ":DIGITS"
    if (rest.size() < 2 || rest[0] != ':' || !std::isdigit(static_cast<unsigned char>(rest[1]))) return false;
    std::size_t i = 1;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
    rest.remove_prefix(i);
    return true;
  };
  if (!number() || !number() || rest.substr(0, 2) != ": ") return false;
  rest.remove_prefix(2);
  const std::size_t key_end = rest.find(": ");
  if (key_end == 0 || key_end == std::string_view::npos) return false;
  for (char c : rest.substr(0, key_end))
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("_.[]").find(c) == std::string_view::npos)
      return false;
  const std::string_view what = rest.substr(key_end + 2);
  return !what.empty() && what.find('\n') == std::string_view::npos;
}

// The shipped scenarios, scenarios/*.yaml under `source_dir`, in name order (a seeded sample
// drawn across them is then the same on every file system).
inline std::vector<std::string> shipped_scenarios(const std::string& source_dir) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/scenarios"))
    if (entry.path().extension() == ".yaml") paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Every mutant of the scenario `text`.
inline std::vector<Mutant> scenario_mutants(const std::string& text) {
  using namespace mutation_detail;
  const YAML::Node original = YAML::Load(text);
  std::vector<Path> paths;
  collect(original, {}, paths);
  std::vector<Mutant> mutants;
  // Applies `change` to the node at `path` of a fresh copy of the scenario.
  auto mutate = [&](const Path& path, const std::string& what, const std::function<void(YAML::Node, YAML::Node)>& change) {
    YAML::Node copy = YAML::Clone(original);
    YAML::Node parent = at(copy, Path(path.begin(), path.end() - (path.empty() ? 0 : 1)));
    change(parent, at(copy, path));
    mutants.push_back({describe(path) + ": " + what, text_of(copy)});
  };
  auto replace = [&](const Path& path, const std::string& what, const YAML::Node& value) {
    mutate(path, what, [&](YAML::Node parent, YAML::Node) {
      const Step& last = path.back();
      if (last.is_key) parent[last.key] = YAML::Clone(value);
      else parent[last.index] = YAML::Clone(value);
    });
  };

  for (const Path& path : paths) {
    const YAML::Node node = at(original, path);
    if (node.IsMap()) {
      mutate(path, "unknown key added", [](YAML::Node, YAML::Node self) { self["zz_unknown"] = 1; });
      for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        mutate(path, "key " + key + " deleted", [key](YAML::Node, YAML::Node self) { self.remove(key); });
        YAML::Node copy = YAML::Clone(original);
        mutants.push_back({describe(path) + ": key " + key + " twice", text_of(copy, &path, key)});
      }
    }
    if (node.IsSequence()) {
      mutate(path, "empty list", [](YAML::Node, YAML::Node self) {
        while (self.size() > 0) self.remove(self.size() - 1);
      });
      if (node.size() > 0)
        mutate(path, "last element repeated",
               [](YAML::Node, YAML::Node self) { self.push_back(YAML::Clone(self[self.size() - 1])); });
    }
    if (path.empty()) continue;  // the root's retyping is covered by the reader's own tests
    replace(path, "replaced by nothing", YAML::Node(YAML::NodeType::Null));
    if (!node.IsScalar()) replace(path, "replaced by a number", YAML::Node(7));
    if (!node.IsSequence()) replace(path, "replaced by a list", YAML::Load("[1, 2]"));
    if (!node.IsMap()) replace(path, "replaced by a map", YAML::Load("{a: 1}"));
    if (is_number(node)) {
      replace(path, "replaced by text", YAML::Node("zz"));
      for (const char* value : {"-1", "0", "0.5", "-1e300", "1e300", ".nan", ".inf", "-.inf"})
        replace(path, std::string("set to ") + value, YAML::Load(value));
    } else if (node.IsScalar()) {
      replace(path, "replaced by another word", YAML::Node("zz_other"));
      replace(path, "replaced by a number", YAML::Node(-3));
    }
  }
  return mutants;
}

}  // namespace vsm::testing
