// SUMO run by vsm (mobility.sumo.config): the trace Debian's sumo makes from a configuration
// drives the run, vehicles entering and leaving as SUMO has them, and is made once per set of
// inputs; a missing sumo, a broken configuration and SUMO's own errors are scenario errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class SumoRunner : public VsmTest {
 protected:
  void SetUp() override {
    // A 3 x 3 grid of 200 m streets; three trips departing 20 s apart, each a few streets long.
    ASSERT_EQ(run({"/usr/bin/netgenerate", "--grid", "--grid.number=3", "--grid.length=200", "--default.lanenumber=1", "-o",
                   "net.xml"}, dir).exit_code, 0);
    write_file(dir + "/trips.xml",
               "<routes>\n"
               "  <trip id=\"early\" depart=\"0\" from=\"A0A1\" to=\"A1A2\"/>\n"
               "  <trip id=\"middle\" depart=\"20\" from=\"A0B0\" to=\"B0C0\"/>\n"
               "  <trip id=\"late\" depart=\"40\" from=\"A1B1\" to=\"B1C1\"/>\n"
               "</routes>\n");
    write_config("small.sumocfg", "net.xml", "trips.xml");
    write_file(dir + "/s.yaml",
               "duration: 100\nmarket: {round_period: 10}\n"
               "vehicles:\n  types: [{theta: 50, probability: 0.5}, {theta: 150, probability: 0.5}]\n"
               "mobility: {model: sumo, area: [400, 400], sumo: {config: small.sumocfg}}\n"
               "edge_servers: [{position: [200, 200], coverage_radius: 400, policy: {name: contract.optimal}}]\n"
               "output: {mobility_every: 1}\n");
  }
  void write_config(const std::string& name, const std::string& net, const std::string& routes) {
    write_file(dir + "/" + name, "<configuration>\n  <input>\n    <net-file value=\"" + net +
                                     "\"/>\n    <route-files value=\"" + routes +
                                     "\"/>\n  </input>\n  <time><end value=\"120\"/></time>\n</configuration>\n");
  }
  // vsm with its trace cache in the test's directory, and the given environment.
  ProcessResult vsm_env(std::vector<std::string> env, const std::vector<std::string>& args) {
    env.insert(env.begin(), {"/usr/bin/env", "VSM_CACHE_DIR=" + dir + "/cache"});
    env.push_back(vsm_binary());
    env.insert(env.end(), args.begin(), args.end());
    return run(env, dir);
  }
  std::vector<fs::path> cached(const std::string& extension) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir + "/cache/sumo"))
      if (e.path().string().ends_with(extension)) files.push_back(e.path());
    return files;
  }
};

TEST_F(SumoRunner, VehiclesEnterAndLeaveAsSumoDrivesThemAndATraceIsMadeOncePerInputs) {
  auto r = vsm_env({}, {"run", "s.yaml", "-o", "r.h5", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/r.h5");
  EXPECT_EQ(result.texts("vehicles", "name"), (std::vector<std::string>{"early", "middle", "late"}));
  const auto t = result.doubles("mobility", "t");
  const auto vehicle = result.integers("mobility", "vehicle");
  for (std::int64_t v = 0; v < 3; ++v) {
    double first = 1e9, last = -1;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (vehicle[i] == v) first = std::min(first, t[i]), last = std::max(last, t[i]);
    // On the road from its departure (SUMO inserts it then) until it arrives, well before the end.
    EXPECT_EQ(first, 20.0 * static_cast<double>(v)) << "vehicle " << v;
    EXPECT_GT(last, first + 10) << "vehicle " << v;
    EXPECT_LT(last, 99) << "vehicle " << v << " never left";
  }

  const auto traces = cached(".fcd.xml");
  ASSERT_EQ(traces.size(), 1u);
  const auto made = fs::last_write_time(traces[0]);
  ASSERT_EQ(vsm_env({}, {"run", "s.yaml", "-o", "again.h5", "-q"}).exit_code, 0);
  EXPECT_EQ(cached(".fcd.xml").size(), 1u);
  EXPECT_EQ(fs::last_write_time(traces[0]), made) << "SUMO ran again on the same inputs";
  // Another input, another trace.
  write_file(dir + "/trips.xml", "<routes>\n  <trip id=\"only\" depart=\"5\" from=\"A0A1\" to=\"A1A2\"/>\n</routes>\n");
  ASSERT_EQ(vsm_env({}, {"validate", "s.yaml"}).exit_code, 0);
  EXPECT_EQ(cached(".fcd.xml").size(), 2u);
}

TEST_F(SumoRunner, AMissingSumoABrokenConfigurationAndSumosOwnErrorsAreScenarioErrors) {
  auto refused = [&](std::vector<std::string> env, const std::string& expected) {
    auto r = vsm_env(std::move(env), {"validate", "s.yaml"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("s.yaml:5:"));
    EXPECT_THAT(r.err, HasSubstr(expected));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  };
  refused({"PATH=" + dir + "/nowhere"},
          "mobility.sumo.config: running SUMO needs its `sumo` program on the PATH (Debian: apt-get install sumo)");

  write_config("small.sumocfg", "net.xml", "missing.rou.xml");
  refused({}, "missing.rou.xml: cannot read this SUMO input");

  write_file(dir + "/broken.net.xml", "<net><edge id=\"e\"/></net>\n");  // well-formed, not a network
  write_config("small.sumocfg", "broken.net.xml", "trips.xml");
  refused({}, "small.sumocfg: SUMO failed (exit 1): Error: ");

  write_file(dir + "/small.sumocfg", "<configuration>\n  <input>\n</configuration>\n");
  refused({}, "small.sumocfg:3: not well-formed XML");
}

}  // namespace
}  // namespace vsm::testing
