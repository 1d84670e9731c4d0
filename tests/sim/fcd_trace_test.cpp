// SUMO FCD traces: read from hand-written XML; the trace mobility model returns the trace's
// positions at its time steps, interpolates between them, and takes vehicles off the road
// before they enter, after they leave and across gaps; a trace larger than the memory a run
// may take is read as a stream.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <fstream>

#include "scenario_test_util.hpp"
#include "core/input_error.hpp"
#include "sim/mobility/fcd_trace.hpp"
#include "sim/mobility/mobility_model.hpp"

namespace vsm::sim {
namespace {

const char* kTrace = R"(<?xml version="1.0" encoding="UTF-8"?>
<fcd-export>
    <timestep time="0.00">
        <vehicle id="a" x="0.00" y="10.00" speed="0"/>
    </timestep>
    <timestep time="1.00">
        <vehicle id="a" x="10.00" y="10.00" speed="10"/>
        <vehicle id="b" x="100.00" y="0.00" speed="0"/>
        <person id="p" x="5" y="5"/>
    </timestep>
    <timestep time="2.00">
        <vehicle id="a" x="30.00" y="10.00" speed="20"/>
    </timestep>
    <timestep time="3.00">
        <vehicle id="a" x="30.00" y="50.00" speed="40"/>
        <vehicle id="b" x="100.00" y="20.00" speed="20"/>
    </timestep>
</fcd-export>
)";

class FcdTraceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() / ("vsm-fcd-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
  Scenario scenario(const std::string& trace) {
    std::string text = testing::kMinimalScenario;
    text += "mobility:\n  model: sumo\n  sumo: {trace: " + trace + "}\n";
    return testing::load(text, {"vehicles.count=0"});
  }
  std::filesystem::path dir;
};

TEST_F(FcdTraceTest, ReadsVehiclesInOrderOfAppearanceThenItsTimeStepsInOrder) {
  auto trace = std::make_shared<const FcdTrace>(read_fcd_trace(write("t.xml", kTrace)));
  EXPECT_EQ(trace->ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(trace->first, (std::vector<std::array<double, 2>>{{0, 10}, {100, 0}}));
  EXPECT_DOUBLE_EQ(trace->step, 1);
  EXPECT_DOUBLE_EQ(trace->end, 3);
  FcdSteps steps(trace);
  FcdSteps::Step step;
  std::vector<std::size_t> per_step;
  std::vector<double> a_x;
  while (steps.next(step)) {
    EXPECT_DOUBLE_EQ(step.time, static_cast<double>(per_step.size()));
    per_step.push_back(step.samples.size());  // the person is no vehicle
    EXPECT_EQ(step.samples.front().vehicle, 0u);
    a_x.push_back(step.samples.front().x);
  }
  EXPECT_EQ(per_step, (std::vector<std::size_t>{1, 2, 1, 2}));
  EXPECT_EQ(a_x, (std::vector<double>{0, 10, 30, 30}));
  EXPECT_FALSE(steps.next(step));
}

TEST_F(FcdTraceTest, PositionsAtTimeStepsInterpolatedBetweenAndAbsentOutsideAndInGaps) {
  auto s = scenario(write("t.xml", kTrace));
  auto m = make_mobility(s);
  ASSERT_EQ(m->size(), 2u);
  EXPECT_TRUE(m->present()[0]);
  EXPECT_FALSE(m->present()[1]);  // b enters at 1 s
  EXPECT_DOUBLE_EQ(m->positions()[0].x, 0);
  m->advance_to(1);
  EXPECT_DOUBLE_EQ(m->positions()[0].x, 10);
  EXPECT_TRUE(m->present()[1]);
  EXPECT_DOUBLE_EQ(m->positions()[1].x, 100);
  m->advance_to(1.5);
  EXPECT_DOUBLE_EQ(m->positions()[0].x, 20);  // half way from 10 to 30
  EXPECT_FALSE(m->present()[1]);              // b has a 2 s gap: off the road, not interpolated
  m->advance_to(2.75);
  EXPECT_DOUBLE_EQ(m->positions()[0].x, 30);
  EXPECT_DOUBLE_EQ(m->positions()[0].y, 40);  // three quarters from 10 to 50
  m->advance_to(3);
  EXPECT_TRUE(m->present()[1]);
  EXPECT_DOUBLE_EQ(m->positions()[1].y, 20);
  m->advance_to(3.5);
  EXPECT_FALSE(m->present()[0]);  // the trace has ended
}

TEST_F(FcdTraceTest, ARelativePathIsRelativeToTheScenarioFileAndCountTakesTheFirstVehicles) {
  write("t.xml", kTrace);
  std::string text = testing::kMinimalScenario;
  text += "mobility:\n  model: sumo\n  sumo: {trace: t.xml}\n";
  auto doc = core::YamlDocument::load_string(text, (dir / "scenario.yaml").string());
  doc.apply_override("vehicles.count=1");
  auto s = read_scenario(doc, app::scenario_schema());
  EXPECT_EQ(s.mobility.sumo.path, (dir / "t.xml").string());
  EXPECT_EQ(make_mobility(s)->size(), 1u);
}

TEST_F(FcdTraceTest, ATraceLargerThanTheMemoryAllowedIsReadAndReplayedInFull) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves address space beyond any limit";
#else
  // 200 vehicles, each on the road for 4,000 of the trace's 5,000 one-second steps: 36 MB.
  constexpr int kVehicles = 200, kSteps = 5000;
  const std::string path = (dir / "long.xml").string();
  {
    std::ofstream out(path);
    out << "<fcd-export>\n";
    for (int t = 0; t < kSteps; ++t) {
      out << "  <timestep time=\"" << t << ".00\">\n";
      for (int v = 0; v < kVehicles; ++v)
        if ((t + v) % 5 != 0) out << "    <vehicle id=\"v" << v << "\" x=\"" << t << ".00\" y=\"" << v << ".00\"/>\n";
      out << "  </timestep>\n";
    }
    out << "</fcd-export>\n";
  }
  const auto bytes = std::filesystem::file_size(path);
  ASSERT_GT(bytes, 32u << 20);

  // A child may grow its address space by 16 MB, less than half the trace, and must replay
  // all of it: every vehicle on the road exactly when the trace has it there.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::size_t pages = 0;
    std::ifstream("/proc/self/statm") >> pages;
    const rlim_t limit = pages * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE)) + (16u << 20);
    const rlimit cap{limit, limit};
    if (::setrlimit(RLIMIT_AS, &cap) != 0) ::_exit(3);
    try {
      const auto s = scenario(path);
      auto m = make_mobility(s);
      std::size_t on_road = 0, misplaced = 0;
      for (int t = 0; t < kSteps; ++t) {
        m->advance_to(t);
        for (std::size_t i = 0; i < m->size(); ++i) {
          const int v = std::stoi(s.mobility.sumo.trace->ids[i].substr(1));  // vehicles are in order of appearance
          const bool expected = (t + v) % 5 != 0;
          on_road += m->present()[i] ? 1 : 0;
          if (m->present()[i] != expected || (expected && m->positions()[i].x != t)) ++misplaced;
        }
      }
      ::_exit(on_road == 4000u * kVehicles && misplaced == 0 ? 0 : 1);
    } catch (...) {
      ::_exit(2);  // out of memory
    }
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: wrong positions, 2: out of memory, 3: no limit set";
#endif
}

TEST_F(FcdTraceTest, BrokenTracesAreInputErrorsNamingTheFileAndLine) {
  auto message = [&](const std::string& text) {
    try {
      scenario(write("bad.xml", text));
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string path = (dir / "bad.xml").string();
  EXPECT_THAT(message("<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"a\" x=\"1\"/>\n</timestep>\n</fcd-export>\n"),
              ::testing::HasSubstr(path + ":3: <vehicle> needs id, x and y attributes"));
  EXPECT_THAT(message("<fcd-export>\n<timestep time=\"0\">\n</fcd-export>\n"),
              ::testing::HasSubstr(path + ":3: not well-formed XML"));
  EXPECT_THAT(message("<fcd-export>\n<timestep time=\"2\"/>\n<timestep time=\"1\"/>\n</fcd-export>\n"),
              ::testing::HasSubstr(path + ":3: time steps must increase"));
  EXPECT_THAT(message("<routes/>\n"), ::testing::HasSubstr("not a SUMO FCD trace"));
  EXPECT_THAT(message("<fcd-export/>\n"), ::testing::HasSubstr("has no vehicles"));
  // The scenario's location comes first: test.yaml:line:column: mobility.sumo.trace: ...
  EXPECT_THAT(message("<routes/>\n"), ::testing::StartsWith("test.yaml:"));
}

}  // namespace
}  // namespace vsm::sim
