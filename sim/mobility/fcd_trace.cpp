#include "sim/mobility/fcd_trace.hpp"

#include <expat.h>

#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>

#include "core/input_error.hpp"

namespace vsm::sim {

// Expat over a trace file: its time steps come out one at a time, each with its vehicles'
// samples as written. The file is fed a chunk at a time, so at most a chunk's worth of time
// steps waits in memory.
class FcdParser {
 public:
  struct RawSample {
    std::string id;
    double x = 0, y = 0;
  };
  struct RawStep {
    double time = 0;
    std::vector<RawSample> samples;
  };

  explicit FcdParser(std::string path) : path_(std::move(path)), in_(path_, std::ios::binary), chunk_(1 << 16) {
    if (!in_) throw core::InputError(path_ + ": cannot open the SUMO FCD trace");
    parser_ = XML_ParserCreate(nullptr);
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &FcdParser::on_start, &FcdParser::on_end);
  }
  ~FcdParser() { XML_ParserFree(parser_); }
  FcdParser(const FcdParser&) = delete;
  FcdParser& operator=(const FcdParser&) = delete;

  const std::string& path() const { return path_; }

  // The next time step; false after the last.
  bool next(RawStep& step) {
    while (ready_.empty()) {
      if (done_) return false;
      in_.read(chunk_.data(), static_cast<std::streamsize>(chunk_.size()));
      const auto size = static_cast<int>(in_.gcount());
      done_ = in_.eof();
      if (XML_Parse(parser_, chunk_.data(), size, done_ ? XML_TRUE : XML_FALSE) == XML_STATUS_ERROR) {
        if (!error_.empty()) throw core::InputError(error_);
        throw core::InputError(at_line() + "not well-formed XML: " + XML_ErrorString(XML_GetErrorCode(parser_)));
      }
      if (done_ && !saw_root_) throw core::InputError(path_ + ": not a SUMO FCD trace (no <fcd-export> root element)");
    }
    step = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }

 private:
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<FcdParser*>(self)->start(name, attributes);
  }
  static void XMLCALL on_end(void* self, const XML_Char*) { static_cast<FcdParser*>(self)->end(); }

  static const char* attribute(const XML_Char** attributes, const char* name) {
    for (; *attributes != nullptr; attributes += 2)
      if (std::strcmp(attributes[0], name) == 0) return attributes[1];
    return nullptr;
  }
  std::string at_line() const { return path_ + ":" + std::to_string(XML_GetCurrentLineNumber(parser_)) + ": "; }
  // Exceptions cannot cross expat's C frames: the parser stops, and next() throws.
  void stop(const std::string& message) {
    error_ = message;
    XML_StopParser(parser_, XML_FALSE);
  }

  void start(const char* name, const XML_Char** attributes) {
    ++depth_;
    if (depth_ == 1) {
      saw_root_ = std::strcmp(name, "fcd-export") == 0;
      if (!saw_root_) stop(path_ + ": not a SUMO FCD trace (no <fcd-export> root element)");
    } else if (depth_ == 2 && std::strcmp(name, "timestep") == 0) {
      const char* time = attribute(attributes, "time");
      if (time == nullptr) return stop(at_line() + "<timestep> without a time attribute");
      const double t = std::strtod(time, nullptr);
      if (steps_ > 0 && t <= previous_) return stop(at_line() + "time steps must increase (" + time + ")");
      ++steps_;
      previous_ = t;
      building_ = RawStep{t, {}};
      in_step_ = true;
    } else if (depth_ == 3 && in_step_ && std::strcmp(name, "vehicle") == 0) {
      const char *id = attribute(attributes, "id"), *x = attribute(attributes, "x"), *y = attribute(attributes, "y");
      if (id == nullptr || x == nullptr || y == nullptr) return stop(at_line() + "<vehicle> needs id, x and y attributes");
      building_.samples.push_back({id, std::strtod(x, nullptr), std::strtod(y, nullptr)});
    }
  }
  void end() {
    if (depth_ == 2 && in_step_) {
      ready_.push_back(std::move(building_));
      in_step_ = false;
    }
    --depth_;
  }

  std::string path_;
  std::ifstream in_;
  std::vector<char> chunk_;
  XML_Parser parser_ = nullptr;
  std::deque<RawStep> ready_;
  RawStep building_;
  int depth_ = 0;
  bool saw_root_ = false, in_step_ = false, done_ = false;
  std::size_t steps_ = 0;
  double previous_ = 0;
  std::string error_;
};

FcdTrace read_fcd_trace(const std::string& path) {
  FcdParser parser(path);
  FcdTrace trace;
  trace.path = path;
  FcdParser::RawStep step;
  bool first = true;
  double previous = 0;
  while (parser.next(step)) {
    if (!first && (trace.step == 0 || step.time - previous < trace.step)) trace.step = step.time - previous;
    first = false;
    previous = trace.end = step.time;
    for (const auto& s : step.samples) {
      if (!trace.index.try_emplace(s.id, trace.ids.size()).second) continue;
      trace.ids.push_back(s.id);
      trace.first.push_back({s.x, s.y});
    }
  }
  if (trace.ids.empty()) throw core::InputError(path + ": the SUMO FCD trace has no vehicles");
  return trace;
}

FcdSteps::FcdSteps(std::shared_ptr<const FcdTrace> trace)
    : trace_(std::move(trace)), parser_(std::make_unique<FcdParser>(trace_->path)) {}

FcdSteps::~FcdSteps() = default;

bool FcdSteps::next(Step& step) {
  FcdParser::RawStep raw;
  if (!parser_->next(raw)) return false;
  step.time = raw.time;
  step.samples.clear();
  for (const auto& s : raw.samples) {
    const auto it = trace_->index.find(s.id);
    if (it == trace_->index.end())
      throw core::InputError(trace_->path + ": vehicle \"" + s.id + "\" was not in the trace when the scenario was read (did the file change?)");
    step.samples.push_back({it->second, s.x, s.y});
  }
  return true;
}

}  // namespace vsm::sim
