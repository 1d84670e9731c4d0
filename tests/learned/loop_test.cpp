// Learning in the loop, its parts without a simulation: the network observation of each vehicle,
// the offer gate, the join of a run's experience with its trades, and learning from experience.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "policies/contract/coverage_aware.hpp"
#include "policies/learned/gdm.hpp"
#include "policies/learned/loop_trainer.hpp"
#include "policies/learned/ppo.hpp"

namespace vsm::policies::learned {
namespace {

EnvConfig network() {
  EnvConfig c;
  c.network = true;
  c.latency_min = 2;
  return c;
}

MarketState market_with_three_vehicles() {
  MarketState market;
  market.round = 4;
  market.server = 1;
  market.vehicles_in_coverage = 3;
  market.latency_max = 150;
  market.types = {{40, 160}, {40, 160}, {0.3, 0.7}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  market.vehicles = {{10, {100, 0}, {30, 0}, 12, 1.0, -1, 1},      // heading east, 200 m from the edge
                     {11, {0, 0}, {nan, nan}, 6, 0.5, -1, 1},      // first report: heading unknown
                     {12, {-290, 0}, {0, 0}, 0, 1.0, 1, 1}};       // standing still, no measured rate
  return market;
}

TEST(NetworkObservation, EachVehicleGetsTheMarketRowAndItsOwnFeatures) {
  ContractEnv env(network());
  EXPECT_EQ(env.state_size(), 7 + 4);
  EXPECT_EQ(env.action_size(), 4 + 1);
  const auto market = market_with_three_vehicles();
  const ServerView server{{0, 0}, 300, 2.0};  // 0.25 MB
  const ServerView elsewhere{{400, 0}, 400, 2.0};  // server 0: no vehicle uses its radio yet
  auto s = env.vehicle_states(market, {elsewhere, server});
  ASSERT_EQ(s.size(0), 3);
  auto row = env.state_of(market);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(torch::equal(s[i].narrow(0, 0, 7), row[0]));
  // Vehicle 10: the straight line to the disc's edge, 200 m at 30 m/s; 2 Mbit at 12 Mbps.
  EXPECT_NEAR(s[0][7].item<double>(), 200.0 / 30, 1e-12);
  EXPECT_DOUBLE_EQ(s[0][7].item<double>(), predicted_dwell({100, 0}, {30, 0}, {0, 0}, 300));
  EXPECT_EQ(s[0][8].item<double>(), 1);
  EXPECT_NEAR(s[0][9].item<double>(), 2.0 / 12, 1e-12);
  EXPECT_EQ(s[0][10].item<double>(), 1);
  // Vehicle 11: no heading yet, so no dwell either; its reputation as the ledger says.
  EXPECT_EQ(s[1][7].item<double>(), 0);
  EXPECT_EQ(s[1][8].item<double>(), 0);
  EXPECT_EQ(s[1][10].item<double>(), 0.5);
  // Vehicle 12: standing still stays forever, capped at 2 Lmax; no rate: on the air for 10 s.
  EXPECT_EQ(s[2][7].item<double>(), 300);
  EXPECT_EQ(s[2][9].item<double>(), 10);
  // No feature the networks see is far from order one.
  EXPECT_LE(env.features(s).abs().max().item<double>(), 10.0);
  // With competition a vehicle may use a rival's radio: its dwell is in that server's disc.
  auto rivals = market;
  rivals.vehicles[0].serving = 0;
  EXPECT_NEAR(env.vehicle_states(rivals, {elsewhere, server})[0][7].item<double>(), 700.0 / 30, 1e-12);
}

TEST(NetworkObservation, TheGateDecidesTheOfferAndNotTheMenu) {
  ContractEnv env(network());
  auto states = env.vehicle_states(market_with_three_vehicles(), {{{5000, 0}, 100, 2.0}, {{0, 0}, 300, 2.0}});
  auto actions = torch::tensor({{0.3, -0.2, 0.8, 0.1, 0.5}, {0.3, -0.2, 0.8, 0.1, -0.5}, {0.3, -0.2, 0.8, 0.1, 0.0}},
                               torch::kFloat64);
  EXPECT_EQ(env.offers(actions), (std::vector<bool>{true, false, true}));
  auto menus = env.menus(states, actions);
  ASSERT_EQ(menus.size(), 3u);
  for (const auto& menu : menus) {
    ASSERT_EQ(menu.items.size(), 2u);
    EXPECT_EQ(menu.items[0].latency, menus[0].items[0].latency);  // the gate does not move the menu
    EXPECT_EQ(menu.items[1].reward, menus[0].items[1].reward);
  }
  EXPECT_EQ(menus[1].items[0].latency, env.menu(states[1], actions[1]).items[0].latency);  // batched as one by one
  // Without the network observation every action offers.
  ContractEnv plain{EnvConfig{}};
  EXPECT_EQ(plain.offers(actions.narrow(1, 0, 4)), (std::vector<bool>(3, true)));
}

TEST(Experience, RowsAreJoinedWithTheTradesOfTheirRoundServerAndVehicle) {
  ContractEnv env(network());
  const auto dir = std::filesystem::temp_directory_path() / "vsm-loop-experience-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::int64_t width = 3 + env.state_size() + env.action_size();
  auto write = [&](const std::string& name, const std::vector<std::array<double, 3>>& keys) {
    std::ofstream out(dir / name, std::ios::binary);
    for (const auto& k : keys) {
      std::vector<double> row(static_cast<std::size_t>(width), 0.0);
      std::copy(k.begin(), k.end(), row.begin());
      row[3] = k[2] * 10;       // the state's first entry, to follow the row
      row.back() = k[0] / 100;  // the action's last
      out.write(reinterpret_cast<const char*>(row.data()), static_cast<std::streamsize>(row.size() * sizeof(double)));
    }
  };
  write("rsu-1.bin", {{{1, 1, 7}}, {{2, 1, 7}}});
  write("rsu-0.bin", {{{1, 0, 5}}, {{1, 0, 6}}});  // read first: the files in the order of their names
  EpisodeResult result;
  result.trades = {{1, 0, 6, 250.0}, {2, 1, 7, -3.5}, {1, 2, 5, 99.0}};  // the last: another server's
  auto e = read_experience(dir.string(), result, env);
  ASSERT_EQ(e.states.size(0), 4);
  EXPECT_EQ(e.states.size(1), env.state_size());
  EXPECT_EQ(e.actions.size(1), env.action_size());
  EXPECT_TRUE(torch::equal(e.states.select(1, 0), torch::tensor({50.0, 60.0, 70.0, 70.0}, torch::kFloat64)));
  EXPECT_TRUE(torch::equal(e.actions.select(1, env.action_size() - 1),
                           torch::tensor({0.01, 0.01, 0.01, 0.02}, torch::kFloat64)));
  // No trade, no reward: declined, withheld or another round's.
  EXPECT_TRUE(torch::equal(e.rewards, torch::tensor({0.0, 250.0, 0.0, -3.5}, torch::kFloat64)));
  // A torn file is refused, not misread.
  std::ofstream(dir / "rsu-2.bin", std::ios::binary) << "xyz";
  EXPECT_THROW(read_experience(dir.string(), result, env), std::runtime_error);
  std::filesystem::remove_all(dir);
}

// Experience in which only an open gate pays: after learning from it, the policy offers more.
struct GateData {
  torch::Tensor features, actions, rewards;
};
GateData gate_data(const ContractEnv& env, std::int64_t count) {
  auto generator = make_generator(3, "gate-data");
  auto features = torch::rand({count, env.state_size()}, generator, torch::TensorOptions());
  auto actions = torch::rand({count, env.action_size()}, generator, torch::TensorOptions()) * 2 - 1;
  auto rewards = (actions.select(1, env.action_size() - 1) >= 0).to(torch::kFloat32) * 0.5;
  return {features, actions, rewards};
}

double open_share(Learner& learner, const ContractEnv& env, const torch::Tensor& features) {
  auto generator = make_generator(9, "acting");
  auto actions = learner.act(features, generator, /*explore=*/false);
  auto offers = env.offers(actions);
  return static_cast<double>(std::count(offers.begin(), offers.end(), true)) / static_cast<double>(offers.size());
}

TEST(LearningFromExperience, PpoAndGdmLearnToOpenAGateThatPays) {
  ContractEnv env(network());
  auto data = gate_data(env, 4096);
  PpoConfig ppo;
  ppo.hidden = 32;
  ppo.update_epochs = 4;
  GdmConfig gdm;
  gdm.hidden = 32;
  gdm.diffusion_steps = 5;
  gdm.clamp = "hard";
  gdm.critic_warmup_updates = 100;
  gdm.updates_per_epoch = 40;
  gdm.action_candidates = 4;
  gdm.batch = 128;
  torch::manual_seed(1);
  Ppo ppo_learner(ppo, env.state_size(), env.action_size());
  torch::manual_seed(1);
  Gdm gdm_learner(gdm, env.state_size(), env.action_size());
  EXPECT_EQ(gdm_learner.exploration(), "uniform");  // nothing in its replay yet
  EXPECT_EQ(ppo_learner.exploration(), "noise");
  for (Learner* learner : {static_cast<Learner*>(&ppo_learner), static_cast<Learner*>(&gdm_learner)}) {
    const double before = open_share(*learner, env, data.features);
    for (int epoch = 1; epoch <= 3; ++epoch) learner->learn(data.features, data.actions, data.rewards, 5, epoch);
    const double after = open_share(*learner, env, data.features);
    EXPECT_GT(after, 0.9) << "before " << before;
    EXPECT_GT(after, before);
  }
  EXPECT_EQ(gdm_learner.exploration(), "noise");
}

TEST(LearningFromExperience, IsDeterministicForItsSeedAndEpoch) {
  ContractEnv env(network());
  auto data = gate_data(env, 1024);
  PpoConfig config;
  config.hidden = 16;
  auto learned = [&](std::uint64_t seed) {
    torch::manual_seed(1);
    Ppo learner(config, env.state_size(), env.action_size());
    learner.learn(data.features, data.actions, data.rewards, seed, 1);
    auto generator = make_generator(9, "acting");
    return learner.act(data.features, generator, false);
  };
  EXPECT_TRUE(torch::equal(learned(5), learned(5)));
  EXPECT_FALSE(torch::equal(learned(5), learned(6)));
}

}  // namespace
}  // namespace vsm::policies::learned
