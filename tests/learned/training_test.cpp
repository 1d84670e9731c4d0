// Training end to end at test size: checkpoints round-trip exactly, a resumed run continues as
// an uninterrupted one, and a few seconds of training beat the untrained policy.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "policies/learned/model_file.hpp"
#include "policies/learned/trainer.hpp"
#include "core/input_error.hpp"

namespace vsm::policies::learned {
namespace {

TrainConfig tiny(const std::string& policy) {
  TrainConfig c;
  c.policy = policy;
  c.epochs = 6;
  c.test_states = 64;
  c.gdm.hidden = 64;
  c.gdm.diffusion_steps = 5;
  c.gdm.batch = 128;
  c.gdm.actor_lr = 1e-3;
  c.gdm.critic_lr = 1e-3;
  c.gdm.critic_updates = 5;
  c.gdm.critic_warmup_updates = 200;
  c.gdm.warmup_states = 1024;
  c.gdm.updates_per_epoch = 25;
  c.gdm.states_per_update = 32;
  c.gdm.bc_temperature = 0.05;  // so that V, its optimiser and the denoising-only steps are covered
  c.gdm.bc_updates = 2;
  c.ppo.hidden = 64;
  c.ppo.rollout_states = 512;
  c.ppo.minibatch = 128;
  c.ppo.update_epochs = 5;
  c.ppo.updates_per_epoch = 3;
  c.ppo.lr = 1e-3;
  return c;
}

// For the tests of training's mechanics (files, resuming, schedules), not of what it learns:
// fewer updates, which the sanitized build runs about ten times slower.
TrainConfig mechanics(const std::string& policy) {
  auto c = tiny(policy);
  c.gdm.critic_warmup_updates = 10;
  c.gdm.warmup_states = 256;
  c.gdm.updates_per_epoch = 5;
  c.ppo.updates_per_epoch = 1;
  return c;
}

std::string temporary(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("vsm_learned_" + name)).string();
}

torch::Tensor actions_of(Learner& learner, const ContractEnv& env) {
  auto generator = make_generator(9, "actions");
  return learner.act(env.features(env.sample_states(32, 9, "probe")), generator, false);
}

class Training : public ::testing::TestWithParam<std::string> {};

TEST_P(Training, ShortTrainingReducesTheRegret) {
  auto trainer = start_training(tiny(GetParam()), 1);
  double untrained = trainer->history().front().test_regret;
  while (trainer->epochs_done() < trainer->config().epochs) trainer->run_epoch();
  double trained = trainer->history().back().test_regret;
  EXPECT_LT(trained, untrained * 0.7) << "untrained regret " << untrained << ", trained " << trained;
  EXPECT_EQ(trainer->history().size(), 7u);
  EXPECT_GT(trainer->history().back().step, 0);
}

TEST_P(Training, ModelFileRoundTripGivesIdenticalActions) {
  auto trainer = start_training(mechanics(GetParam()), 2);
  trainer->run_epoch();
  auto path = temporary(GetParam() + "_model.pt");
  trainer->save(path, /*checkpoint=*/false);
  auto a = load_model_file(path);
  auto b = load_model_file(path);
  ContractEnv env(a.config.env);
  EXPECT_TRUE(torch::equal(actions_of(*a.learner, env), actions_of(*b.learner, env)));
  EXPECT_EQ(a.config.policy, GetParam());
  EXPECT_EQ(a.seed, 2u);
  ASSERT_EQ(a.history.size(), 2u);
  EXPECT_EQ(a.history[1].test_reward, trainer->history()[1].test_reward);
  // A final model holds no training state to resume from.
  EXPECT_THROW(load_model_file(path, /*checkpoint=*/true), core::InputError);
  std::filesystem::remove(path);
}

TEST_P(Training, ResumedRunContinuesBitForBit) {
  auto config = mechanics(GetParam());
  config.epochs = 2;
  config.lr_schedule = "cosine";  // epoch 2 runs at half the rate the checkpoint's optimiser holds
  auto straight = start_training(config, 3);
  straight->run_epoch();
  straight->run_epoch();

  auto first = start_training(config, 3);
  first->run_epoch();
  auto path = temporary(GetParam() + "_resume.ckpt");
  first->save(path, /*checkpoint=*/true);
  auto resumed = resume_training(path);
  resumed->run_epoch();
  std::filesystem::remove(path);

  const auto &a = resumed->history(), &b = straight->history();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < b.size(); ++i) {
    EXPECT_EQ(a[i].test_reward, b[i].test_reward) << "epoch " << i;
    EXPECT_EQ(a[i].actor_loss, b[i].actor_loss) << "epoch " << i;
    EXPECT_EQ(a[i].critic_loss, b[i].critic_loss) << "epoch " << i;
  }
}

TEST_P(Training, LearningRateScaleZeroFreezesTheNetworks) {
  auto config = mechanics(GetParam());
  ContractEnv env(config.env);
  torch::manual_seed(4);
  auto learner = make_learner(config, env);
  auto before = actions_of(*learner, env);
  learner->scale_learning_rates(0);
  learner->train_epoch(env, 4, 1);
  EXPECT_TRUE(torch::equal(actions_of(*learner, env), before));
  learner->scale_learning_rates(1);
  learner->train_epoch(env, 4, 2);
  EXPECT_FALSE(torch::equal(actions_of(*learner, env), before));
}

TEST_P(Training, CosineScheduleChangesTheEpochsAfterTheFirst) {
  auto config = mechanics(GetParam());
  config.epochs = 2;
  auto constant = start_training(config, 5);
  config.lr_schedule = "cosine";  // epoch 1 at the full rate, epoch 2 at half of it
  auto cosine = start_training(config, 5);
  for (int e = 0; e < 2; ++e) constant->run_epoch(), cosine->run_epoch();
  EXPECT_EQ(cosine->history()[1].test_reward, constant->history()[1].test_reward);
  EXPECT_NE(cosine->history()[2].test_reward, constant->history()[2].test_reward);
}

INSTANTIATE_TEST_SUITE_P(Learners, Training, ::testing::Values("gdm", "ppo"));

TEST(LearningRateSchedule, ConstantOrCosineOverTheEpochs) {
  for (std::int64_t epoch = 1; epoch <= 4; ++epoch) EXPECT_EQ(learning_rate_scale("constant", epoch, 4), 1.0);
  // (1 + cos(pi (epoch - 1) / 4)) / 2 for epochs 1..4
  const double cosine[] = {1.0, 0.8535533905932737, 0.5, 0.14644660940672627};
  for (std::int64_t epoch = 1; epoch <= 4; ++epoch)
    EXPECT_NEAR(learning_rate_scale("cosine", epoch, 4), cosine[epoch - 1], 1e-15) << "epoch " << epoch;
}

TEST(ModelFile, RejectsFilesThatAreNotModels) {
  auto path = temporary("not_a_model.pt");
  { std::ofstream(path) << "hello"; }
  EXPECT_THROW(load_model_file(path), core::InputError);
  EXPECT_THROW(load_model_file(temporary("missing.pt")), core::InputError);
  std::filesystem::remove(path);
}

TEST(ModelFile, AnOlderFormatIsRefusedWithAdvice) {
  auto path = temporary("old_format.pt");
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string("vsm-contract-model 1")));
  archive.save_to(path);
  try {
    load_model_file(path);
    FAIL() << "loaded a file of format 1";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("another version of vsm (vsm-contract-model 1; this one reads "), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("train it again"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace vsm::policies::learned

namespace vsm::policies::learned {
namespace {

TEST(TrainConfig, ResolvedYamlReadsBackUnchanged) {
  for (const char* policy : {"gdm", "ppo"}) {
    auto config = tiny(policy);
    config.env.cost.kind = "screening";
    config.gdm.acting_noise = 0.25;
    config.gdm.bc_temperature = 0.02;
    config.gdm.bc_updates = 7;
    config.gdm.value_expectile = 0.75;
    config.lr_schedule = "cosine";
    auto text = to_yaml(config);
    auto again = read_train_config(core::YamlDocument::load_string(text, "resolved"), policy);
    EXPECT_EQ(to_yaml(again), text) << policy;
    EXPECT_EQ(again.env.cost.kind, "screening");
    EXPECT_EQ(again.lr_schedule, "cosine");
    if (config.policy == "gdm") {
      EXPECT_EQ(again.gdm.diffusion_steps, config.gdm.diffusion_steps);
      EXPECT_EQ(again.gdm.acting_noise, 0.25);
      EXPECT_EQ(again.gdm.bc_temperature, 0.02);
      EXPECT_EQ(again.gdm.bc_updates, 7);
      EXPECT_EQ(again.gdm.value_expectile, 0.75);
    } else {
      EXPECT_EQ(again.ppo.rollout_states, config.ppo.rollout_states);
    }
  }
}

TEST(TrainConfig, ErrorsNameTheLineAndKey) {
  auto doc = core::YamlDocument::load_string("epochs: 3\ngdm:\n  diffusion_stepz: 4\n", "bad.yaml");
  try {
    read_train_config(doc, "gdm");
    FAIL() << "accepted an unknown key";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.yaml:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("diffusion_steps"), std::string::npos) << e.what();  // did you mean
  }
  // A PPO section in a GDM config is an unknown key too.
  auto ppo = core::YamlDocument::load_string("ppo: {lr: 0.1}\n", "mixed.yaml");
  EXPECT_THROW(read_train_config(ppo, "gdm"), core::InputError);
}

}  // namespace
}  // namespace vsm::policies::learned
