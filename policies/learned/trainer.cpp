#include "policies/learned/trainer.hpp"

#include <chrono>
#include <cmath>
#include <numbers>

#include "policies/learned/loop_trainer.hpp"
#include "policies/learned/model_file.hpp"
#include "policies/learned/oracle.hpp"

namespace vsm::policies::learned {
namespace {

class TorchTrainer final : public Trainer {
 public:
  explicit TorchTrainer(ModelFile model) : model_(std::move(model)), env_(model_.config.env) {
    torch::set_num_threads(static_cast<int>(model_.config.threads));
    test_states_ = env_.sample_states(model_.config.test_states, model_.seed, "test");
    test_oracle_ = oracle_utility(env_, test_states_);
    if (model_.history.empty()) model_.history.push_back(test());  // epoch 0: the untrained policy
  }

  const TrainConfig& config() const override { return model_.config; }
  std::uint64_t seed() const override { return model_.seed; }
  const std::vector<EpochRecord>& history() const override { return model_.history; }

  EpochRecord test() const override {
    auto generator = make_generator(model_.seed, "test.noise");
    auto actions = model_.learner->act(env_.features(test_states_), generator, /*explore=*/false);
    auto utility = env_.utility(test_states_, actions);
    EpochRecord record;
    if (!history().empty()) {
      record.epoch = epochs_done();
      record.step = history().back().step;
      record.wall_s = history().back().wall_s;
    }
    record.test_reward = utility.mean().item<double>();
    record.test_regret = (test_oracle_ - utility).mean().item<double>();
    return record;
  }

  EpochRecord run_epoch() override {
    auto start = std::chrono::steady_clock::now();
    const auto epoch = epochs_done() + 1;
    model_.learner->scale_learning_rates(learning_rate_scale(config().lr_schedule, epoch, config().epochs));
    auto losses = model_.learner->train_epoch(env_, seed(), epoch);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto record = test();
    record.epoch = epoch;
    record.step += losses.updates;
    record.actor_loss = losses.actor;
    record.critic_loss = losses.critic;
    record.wall_s += seconds;
    model_.history.push_back(record);
    return record;
  }

  void save(const std::string& path, bool checkpoint) const override { save_model_file(path, model_, checkpoint); }

 private:
  ModelFile model_;
  ContractEnv env_;
  torch::Tensor test_states_, test_oracle_;
};

}  // namespace

double learning_rate_scale(const std::string& schedule, std::int64_t epoch, std::int64_t epochs) {
  if (schedule == "constant") return 1;
  return 0.5 * (1 + std::cos(std::numbers::pi * static_cast<double>(epoch - 1) / static_cast<double>(epochs)));
}

namespace {

std::unique_ptr<Trainer> make_trainer(ModelFile model, const LoopRunner& loop) {
  if (model.config.loop.scenario.empty()) return std::make_unique<TorchTrainer>(std::move(model));
  return make_loop_trainer(std::move(model), loop);
}

}  // namespace

std::unique_ptr<Trainer> start_training(const TrainConfig& config, std::uint64_t seed, const LoopRunner& loop) {
  torch::manual_seed(seed);  // the networks' initial weights
  ModelFile model;
  model.config = config;
  model.seed = seed;
  model.learner = make_learner(config, ContractEnv(config.env));
  return make_trainer(std::move(model), loop);
}

std::unique_ptr<Trainer> resume_training(const std::string& checkpoint, const LoopRunner& loop) {
  return make_trainer(load_model_file(checkpoint, /*checkpoint=*/true), loop);
}

}  // namespace vsm::policies::learned
