// `vsm train`, `vsm eval` and a trained policy inside a scenario, driven through the binary at
// test size (a few seconds of training).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <sstream>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

// Small enough for seconds: 5 denoising steps, hidden 32, short epochs.
const std::vector<std::string> kTinyGdm = {
    "--set", "gdm.diffusion_steps=5", "--set", "gdm.hidden=32", "--set", "gdm.batch=64",
    "--set", "gdm.updates_per_epoch=5", "--set", "gdm.critic_warmup_updates=20", "--set", "gdm.warmup_states=256",
    "--set", "test_states=32"};
const std::vector<std::string> kTinyPpo = {"--set", "ppo.hidden=32", "--set", "ppo.rollout_states=256",
                                           "--set", "ppo.updates_per_epoch=1", "--set", "ppo.update_epochs=2",
                                           "--set", "test_states=32"};

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

class Learned : public VsmTest {
 protected:
  ProcessResult train_gdm(int epochs, std::vector<std::string> extra = {}) {
    auto args = concat({"train", "--policy", "gdm", "-o", "gdm.pt", "-q", "--set", "epochs=" + std::to_string(epochs)},
                       kTinyGdm);
    return vsm(concat(args, extra));
  }
};

TEST_F(Learned, TrainWritesAModelAndTheTrainingCurve) {
  auto r = train_gdm(3, {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["epochs"], 3);
  EXPECT_TRUE(std::filesystem::exists(dir + "/gdm.pt"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/gdm.pt.ckpt"));  // removed once training completes

  analysis::ResultReader log(dir + "/gdm.h5");
  EXPECT_EQ(log.info().status, "complete");
  auto epochs = log.integers("training", "epoch");
  EXPECT_EQ(epochs, (std::vector<std::int64_t>{0, 1, 2, 3}));  // epoch 0: the untrained policy
  auto reward = log.doubles("training", "test_reward");
  auto regret = log.doubles("training", "test_regret");
  auto wall = log.doubles("training", "wall_s");
  ASSERT_EQ(reward.size(), 4u);
  EXPECT_DOUBLE_EQ(reward.back(), summary["test_reward"].get<double>());
  for (double g : regret) EXPECT_GE(g, 0);  // nothing beats the optimum
  EXPECT_GT(wall.back(), wall.front());
  EXPECT_GT(log.integers("training", "step").back(), 0);
}

TEST_F(Learned, TheSameSeedTrainsTheSameModel) {
  ASSERT_EQ(train_gdm(2).exit_code, 0);
  std::filesystem::rename(dir + "/gdm.h5", dir + "/first.h5");
  ASSERT_EQ(train_gdm(2, {"--force"}).exit_code, 0);
  analysis::ResultReader a(dir + "/first.h5"), b(dir + "/gdm.h5");
  EXPECT_EQ(a.doubles("training", "test_reward"), b.doubles("training", "test_reward"));
  EXPECT_EQ(a.doubles("training", "actor_loss"), b.doubles("training", "actor_loss"));
}

TEST_F(Learned, AnInterruptedTrainingResumesFromItsCheckpoint) {
  Child child(concat({vsm_binary(), "train", "--policy", "ppo", "-o", dir + "/ppo.pt", "--set", "epochs=50"}, kTinyPpo),
              dir);
  // Wait for the first checkpoint, then stop the run the way a user or Slurm would.
  for (int i = 0; i < 600 && !std::filesystem::exists(dir + "/ppo.pt.ckpt"); ++i) usleep(50000);
  child.signal(SIGTERM);
  auto stopped = child.wait();
  EXPECT_EQ(stopped.exit_code, 128 + SIGTERM) << stopped.err;
  EXPECT_THAT(stopped.err, HasSubstr("--resume"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/ppo.pt"));
  std::vector<double> before;
  {
    analysis::ResultReader partial(dir + "/ppo.h5");  // closed again before the resume rewrites it
    EXPECT_EQ(partial.info().status, "interrupted");
    ASSERT_GE(partial.integers("training", "epoch").back(), 1);
    before = partial.doubles("training", "test_reward");
  }

  // Refuses to start over silently; resumes with the checkpoint's config.
  EXPECT_EQ(vsm({"train", "--policy", "ppo", "-o", "ppo.pt", "-q"}).exit_code, 2);
  auto resumed = vsm({"train", "-o", "ppo.pt", "--resume", "-q", "--json"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(nlohmann::json::parse(resumed.out)["epochs"], 50);
  analysis::ResultReader full(dir + "/ppo.h5");
  auto epochs = full.integers("training", "epoch");
  ASSERT_EQ(epochs.size(), 51u);
  for (std::size_t i = 0; i < epochs.size(); ++i) EXPECT_EQ(epochs[i], static_cast<std::int64_t>(i));
  // The rows written before the interruption are kept as they were.
  auto after = full.doubles("training", "test_reward");
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i], after[i]) << i;
}

// SIGKILL gives the trainer no chance to checkpoint or close its log: the log must still open
// and say what it holds, and --resume must finish the job from the last checkpoint.
TEST_F(Learned, ATrainingKilledWithSigkillResumesFromItsLastCheckpoint) {
  Child child(concat({vsm_binary(), "train", "--policy", "ppo", "-o", dir + "/ppo.pt", "--set", "epochs=300"}, kTinyPpo),
              dir);
  // Soon after the first checkpoint (of 300), mid-epoch or mid-write: far from the end even on
  // a loaded machine, where a kill during the trainer's exit would show nothing.
  for (int i = 0; i < 6000 && !std::filesystem::exists(dir + "/ppo.pt.ckpt"); ++i) usleep(5000);
  usleep(static_cast<useconds_t>(std::hash<std::string>{}(dir) % 50000));
  child.signal(SIGKILL);
  ASSERT_EQ(child.wait().term_signal, SIGKILL);
  {
    analysis::ResultReader partial(dir + "/ppo.h5");
    EXPECT_EQ(partial.info().status, "running");  // it never learnt it was stopped
    EXPECT_GE(partial.integers("training", "epoch").size(), 1u);
  }
  auto resumed = vsm({"train", "-o", "ppo.pt", "--resume", "-q", "--json"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(nlohmann::json::parse(resumed.out)["epochs"], 300);
  analysis::ResultReader full(dir + "/ppo.h5");
  EXPECT_EQ(full.info().status, "complete");
  auto epochs = full.integers("training", "epoch");
  ASSERT_EQ(epochs.size(), 301u);
  for (std::size_t i = 0; i < epochs.size(); ++i) EXPECT_EQ(epochs[i], static_cast<std::int64_t>(i));
}

TEST_F(Learned, EvalScoresPoliciesOnTheSameHeldOutStates) {
  ASSERT_EQ(train_gdm(2).exit_code, 0);
  auto r = vsm({"eval", "--policy", "gdm:gdm.pt", "--policy", "oracle", "--policy", "fixed", "--states", "200",
                "--seed", "4", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = json_lines(r.out);
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) {
    EXPECT_EQ(row["states"], 200);
    EXPECT_LE(row["utility_ci95"][0].get<double>(), row["utility_mean"].get<double>());
    EXPECT_GE(row["utility_ci95"][1].get<double>(), row["utility_mean"].get<double>());
    EXPECT_GE(row["regret_mean"].get<double>(), -1e-9);
  }
  EXPECT_EQ(rows[0]["ir_violation_rate"], 0.0);  // learned menus are projected onto feasible ones
  EXPECT_EQ(rows[0]["ic_violation_rate"], 0.0);
  EXPECT_NEAR(rows[1]["regret_mean"].get<double>(), 0, 1e-9);  // the oracle against itself
  EXPECT_EQ(rows[1]["ir_violation_rate"], 0.0);
  // The fixed menu {60 s, 1.6}, {40 s, 2.8}: in the paper's model every type takes item 1
  // (R - e = 0.1 beats 0.05), so type 2's own item is never preferred: IC fails for half the pairs.
  EXPECT_DOUBLE_EQ(rows[2]["ic_violation_rate"].get<double>(), 0.5);
  // The same states: the oracle's utility is the best in every state, so its mean is too.
  EXPECT_GE(rows[1]["utility_mean"].get<double>(), rows[0]["utility_mean"].get<double>());
  EXPECT_GE(rows[1]["utility_mean"].get<double>(), rows[2]["utility_mean"].get<double>());
}

TEST_F(Learned, EvalCanChangeHowAGdmActsWithoutRetraining) {
  ASSERT_EQ(train_gdm(2).exit_code, 0);
  auto regret = [&](const std::string& candidates, const std::string& noise) {
    auto r = vsm({"eval", "--policy", "gdm:gdm.pt", "--states", "100", "--json", "--set",
                  "gdm.action_candidates=" + candidates, "--set", "gdm.acting_noise=" + noise});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json_lines(r.out).at(0)["regret_mean"].get<double>();
  };
  // Without noise every candidate is the same action; with noise the critic has a choice.
  EXPECT_EQ(regret("1", "0"), regret("4", "0"));
  EXPECT_NE(regret("1", "1"), regret("4", "1"));
  EXPECT_NE(regret("1", "0"), regret("1", "1"));

  auto other_key = vsm({"eval", "--policy", "gdm:gdm.pt", "--set", "gdm.hidden=8"});
  EXPECT_EQ(other_key.exit_code, 2);
  EXPECT_THAT(other_key.err, HasSubstr("only gdm.action_candidates and gdm.acting_noise"));
  auto out_of_range = vsm({"eval", "--policy", "gdm:gdm.pt", "--set", "gdm.acting_noise=2"});
  EXPECT_EQ(out_of_range.exit_code, 2);
  EXPECT_THAT(out_of_range.err, HasSubstr("--set gdm.acting_noise=2"));

  // A scenario chooses the same two things in its policy parameters.
  auto run = [&](const std::string& extra, const std::string& out) {
    return vsm({"run", paper, "-o", out, "-q", "--set", "duration=100", "--set",
                "edge_servers.0.policy={name: contract.gdm, model: " + dir + "/gdm.pt" + extra + "}"});
  };
  auto ok = run(", action_candidates: 2, acting_noise: 0", "ok.h5");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  // They are recorded, and the run acts with them: with noise the critic's choice among more
  // candidates changes the menus, hence the rewards paid.
  auto one = run(", action_candidates: 1, acting_noise: 1", "one.h5");
  auto four = run(", action_candidates: 4, acting_noise: 1", "four.h5");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(four.exit_code, 0) << four.err;
  analysis::ResultReader one_result(dir + "/one.h5"), four_result(dir + "/four.h5");
  EXPECT_THAT(one_result.info().scenario_yaml, HasSubstr("action_candidates: 1\n"));
  EXPECT_THAT(four_result.info().scenario_yaml, HasSubstr("action_candidates: 4\n"));
  EXPECT_THAT(four_result.info().scenario_yaml, HasSubstr("acting_noise: 1\n"));
  EXPECT_NE(one_result.doubles("trades", "reward"), four_result.doubles("trades", "reward"));
  auto bad = run(", acting_noise: 3", "bad.h5");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("edge_servers[0].policy.acting_noise"));
  // Acting parameters do not hide that the model is of the wrong kind.
  auto ppo = vsm(concat({"train", "--policy", "ppo", "-o", "ppo.pt", "-q", "--set", "epochs=1"}, kTinyPpo));
  ASSERT_EQ(ppo.exit_code, 0) << ppo.err;
  auto wrong = vsm({"run", paper, "-o", "wrong.h5", "-q", "--set",
                    "edge_servers.0.policy={name: contract.gdm, model: " + dir + "/ppo.pt, acting_noise: 0}"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_THAT(wrong.err, HasSubstr("is a ppo model; contract.gdm needs a gdm one"));
}

TEST_F(Learned, BadInputIsOneLineWithExitCode2) {
  auto missing = vsm({"eval", "--policy", "gdm:nowhere.pt"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("nowhere.pt: no such model file"));
  auto unknown = vsm({"eval", "--policy", "sac:x.pt"});
  EXPECT_EQ(unknown.exit_code, 2);
  write_file(dir + "/bad.yaml", "epochs: 2\ngdm:\n  hidden: -4\n");
  auto bad = vsm({"train", "--policy", "gdm", "--config", "bad.yaml", "-o", "m.pt"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.yaml:3"));
  EXPECT_THAT(bad.err, HasSubstr("gdm.hidden"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/m.pt"));
}

TEST_F(Learned, AScenarioUsesATrainedModel) {
  ASSERT_EQ(train_gdm(1).exit_code, 0);
  auto r = vsm({"run", paper, "-o", "run.h5", "-q", "--set", "duration=100", "--set",
                "edge_servers.0.policy={name: contract.gdm, model: " + dir + "/gdm.pt}"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/run.h5");
  EXPECT_EQ(result.info().status, "complete");
  auto ir = result.integers("rounds", "ir_violations");
  auto ic = result.integers("rounds", "ic_violations");
  ASSERT_EQ(ir.size(), 10u);
  for (std::size_t i = 0; i < ir.size(); ++i) {
    EXPECT_EQ(ir[i], 0) << "round " << i;
    EXPECT_EQ(ic[i], 0) << "round " << i;
  }
  // A PPO model cannot drive contract.gdm: one clear line naming the key.
  auto wrong = vsm({"run", paper, "-o", "x.h5", "-q", "--set",
                    "edge_servers.0.policy={name: contract.ppo, model: " + dir + "/gdm.pt}"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_THAT(wrong.err, HasSubstr("edge_servers[0].policy.model"));
  EXPECT_THAT(wrong.err, HasSubstr("is a gdm model"));
  // Nor can a model trained for another valuation; rejected before any file is written.
  auto other = vsm({"run", paper, "-o", "y.h5", "-q", "--set", "edge_servers.0.valuation.a2=5", "--set",
                    "edge_servers.0.policy={name: contract.gdm, model: " + dir + "/gdm.pt}"});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_THAT(other.err, HasSubstr("trained for the valuation"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/y.h5"));
}

}  // namespace
}  // namespace vsm::testing
