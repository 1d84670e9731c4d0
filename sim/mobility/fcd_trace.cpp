#include "sim/mobility/fcd_trace.hpp"

#include <algorithm>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <unordered_map>

#include "core/input_error.hpp"

namespace vsm::sim {
namespace {

std::size_t line_at(const std::string& text, std::ptrdiff_t offset) {
  if (offset < 0) return 0;
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(text.size())), '\n'));
}

}  // namespace

FcdTrace read_fcd_trace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path + ": cannot open the SUMO FCD trace");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(text.data(), text.size());
  auto fail = [&](std::ptrdiff_t offset, const std::string& what) {
    throw core::InputError(path + ":" + std::to_string(line_at(text, offset)) + ": " + what);
  };
  if (!parsed) fail(parsed.offset, std::string("not well-formed XML: ") + parsed.description());
  const pugi::xml_node root = doc.child("fcd-export");
  if (!root) throw core::InputError(path + ": not a SUMO FCD trace (no <fcd-export> root element)");

  FcdTrace trace;
  std::unordered_map<std::string, std::size_t> index;
  double previous = -1;
  bool first = true;
  for (const pugi::xml_node step : root.children("timestep")) {
    const pugi::xml_attribute time = step.attribute("time");
    if (!time) fail(step.offset_debug(), "<timestep> without a time attribute");
    const double t = time.as_double();
    if (!first && t <= previous) fail(step.offset_debug(), "time steps must increase (" + std::string(time.value()) + ")");
    if (!first && (trace.step == 0 || t - previous < trace.step)) trace.step = t - previous;
    first = false;
    previous = t;
    trace.end = t;
    for (const pugi::xml_node vehicle : step.children("vehicle")) {
      const pugi::xml_attribute id = vehicle.attribute("id"), x = vehicle.attribute("x"), y = vehicle.attribute("y");
      if (!id || !x || !y) fail(vehicle.offset_debug(), "<vehicle> needs id, x and y attributes");
      auto [it, added] = index.try_emplace(id.value(), trace.ids.size());
      if (added) {
        trace.ids.emplace_back(id.value());
        trace.tracks.emplace_back();
      }
      trace.tracks[it->second].push_back({t, x.as_double(), y.as_double()});
    }
  }
  if (trace.ids.empty()) throw core::InputError(path + ": the SUMO FCD trace has no vehicles");
  return trace;
}

}  // namespace vsm::sim
