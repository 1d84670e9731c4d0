#include "app/sweep_plan.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "app/scenario_loading.hpp"
#include "core/hash.hpp"
#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::app {
namespace {

using Assignment = std::vector<std::pair<std::string, std::string>>;

std::string yaml_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

SweepPlan plan_sweep(const std::string& sweep_file) {
  auto doc = core::YamlDocument::load_file(sweep_file);
  core::MapReader root(doc, doc.root(), "");
  SweepPlan plan;
  plan.file = sweep_file;
  std::string base = root.text("base");
  std::filesystem::path base_path = std::filesystem::path(sweep_file).parent_path() / base;
  plan.base = base_path.lexically_normal().string();
  if (!std::filesystem::exists(plan.base)) root.fail("base", "no such scenario file: " + plan.base);

  // Seeds: a count (1..N) or a list.
  std::vector<std::uint64_t> seeds{1};
  if (root.has("seeds")) {
    YAML::Node node = root.node("seeds");
    seeds.clear();
    if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        long long s = -1;
        if (!node[i].IsScalar() || !YAML::convert<long long>::decode(node[i], s) || s < 0)
          doc.fail("seeds[" + std::to_string(i) + "]", node[i], "expected a seed (an integer >= 0)");
        seeds.push_back(static_cast<std::uint64_t>(s));
      }
    } else {
      auto count = root.integer("seeds", core::Bounds::between(1, 1e6));
      for (std::int64_t s = 1; s <= count; ++s) seeds.push_back(static_cast<std::uint64_t>(s));
    }
  }
  root.claim("seeds");

  // Each axis kind gives a list of assignments; the points are their cartesian product.
  auto lists_of = [&](const std::string& section) {
    std::vector<std::pair<std::string, std::vector<std::string>>> axes;
    core::MapReader m = root.map(section);
    if (root.has(section))
      for (const auto& kv : root.node(section)) {
        std::string key = kv.first.Scalar();
        YAML::Node values = m.node(key);
        m.claim(key);
        if (!values.IsSequence() || values.size() == 0)
          doc.fail(m.path_of(key), values, "expected a non-empty list of values");
        std::vector<std::string> texts;
        for (std::size_t i = 0; i < values.size(); ++i) texts.push_back(yaml_text(values[i]));
        axes.emplace_back(key, texts);
      }
    return axes;
  };
  std::vector<Assignment> combos{{}};
  for (const auto& [key, values] : lists_of("grid")) {
    plan.keys.push_back(key);
    std::vector<Assignment> next;
    for (const auto& combo : combos)
      for (const auto& v : values) {
        Assignment a = combo;
        a.emplace_back(key, v);
        next.push_back(a);
      }
    combos = next;
  }
  auto zipped = lists_of("zip");
  if (!zipped.empty()) {
    std::size_t length = zipped.front().second.size();
    for (const auto& [key, values] : zipped)
      if (values.size() != length)
        root.fail("zip", "every zip list needs the same length (" + zipped.front().first + " has " +
                             std::to_string(length) + ", " + key + " has " + std::to_string(values.size()) + ")");
    std::vector<Assignment> next;
    for (const auto& combo : combos)
      for (std::size_t i = 0; i < length; ++i) {
        Assignment a = combo;
        for (const auto& [key, values] : zipped) a.emplace_back(key, values[i]);
        next.push_back(a);
      }
    for (const auto& [key, values] : zipped) plan.keys.push_back(key);
    combos = next;
  }
  core::MapReader random = root.map("random");
  if (root.has("random")) {
    auto samples = random.integer("samples", core::Bounds::between(1, 1e6));
    auto seed = random.integer("seed", 1, core::Bounds::at_least(0));
    core::MapReader ranges = random.map("ranges");
    std::vector<std::pair<std::string, std::vector<double>>> axes;
    if (random.has("ranges"))
      for (const auto& kv : random.node("ranges")) {
        std::string key = kv.first.Scalar();
        auto range = ranges.numbers(key, {0, 0});
        if (range[1] < range[0]) ranges.fail(key, "a range [low, high] needs low <= high");
        axes.emplace_back(key, range);
        plan.keys.push_back(key);
      }
    ranges.finish();
    core::RandomStream draws(static_cast<std::uint64_t>(seed), "sweep.random");
    std::vector<Assignment> next;
    for (const auto& combo : combos)
      for (std::int64_t s = 0; s < samples; ++s) {
        Assignment a = combo;
        for (const auto& [key, range] : axes) a.emplace_back(key, core::format_number(draws.uniform(range[0], range[1])));
        next.push_back(a);
      }
    combos = next;
  }
  random.finish();

  core::MapReader slurm = root.map("slurm");
  plan.slurm.partition = slurm.text("partition", "");
  plan.slurm.time = slurm.text("time", plan.slurm.time);
  plan.slurm.mem = slurm.text("mem", plan.slurm.mem);
  plan.slurm.cpus_per_task = slurm.integer("cpus_per_task", 1, core::Bounds::between(1, 1024));
  plan.slurm.points_per_task = slurm.integer("points_per_task", 0, core::Bounds::at_least(0));
  if (slurm.has("extra")) {
    YAML::Node extra = slurm.node("extra");
    slurm.claim("extra");
    if (!extra.IsSequence()) doc.fail(slurm.path_of("extra"), extra, "expected a list of sbatch options");
    for (const auto& line : extra) plan.slurm.extra.push_back(line.Scalar());
  }
  slurm.finish();
  root.finish();

  std::set<std::string> seen;
  for (const auto& combo : combos)
    for (auto seed : seeds) {
      SweepPoint point;
      point.values = combo;
      point.seed = seed;
      std::vector<std::string> overrides;
      for (const auto& [key, value] : combo) {
        overrides.push_back(key + "=" + value);
        point.name += key + "=" + value + " ";
      }
      point.name += "seed=" + std::to_string(seed);
      try {
        point.scenario_yaml = sim::to_yaml(load_scenario(plan.base, overrides, seed));
      } catch (const core::InputError&) {
        point.scenario_yaml.clear();  // an impossible combination: recorded as failed when run
      }
      point.id = hex(core::fnv1a(point.scenario_yaml.empty() ? point.name : point.scenario_yaml));
      if (!seen.insert(point.id).second) continue;  // two axes giving the same scenario
      plan.points.push_back(point);
    }
  return plan;
}

}  // namespace vsm::app
