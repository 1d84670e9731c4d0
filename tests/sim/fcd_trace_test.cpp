// SUMO FCD traces: read from hand-written XML; the trace mobility model returns the trace's
// positions at its time steps, interpolates between them, and takes vehicles off the road
// before they enter, after they leave and across gaps.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
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

TEST_F(FcdTraceTest, ReadsVehiclesInOrderOfAppearanceWithTheirSamples) {
  auto trace = read_fcd_trace(write("t.xml", kTrace));
  EXPECT_EQ(trace.ids, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(trace.tracks[0].size(), 4u);
  EXPECT_DOUBLE_EQ(trace.tracks[0][2].x, 30);
  ASSERT_EQ(trace.tracks[1].size(), 2u);
  EXPECT_DOUBLE_EQ(trace.step, 1);
  EXPECT_DOUBLE_EQ(trace.end, 3);
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
