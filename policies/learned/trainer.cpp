#include "policies/learned/trainer.hpp"

#include <chrono>

#include "policies/learned/model_file.hpp"
#include "policies/learned/oracle.hpp"

namespace vsm::policies::learned {

struct Trainer::Impl {
  explicit Impl(ModelFile m) : model(std::move(m)), env(model.config.env) {
    torch::set_num_threads(static_cast<int>(model.config.threads));
    test_states = env.sample_states(model.config.test_states, model.seed, "test");
    test_oracle = oracle_utility(env, test_states);
  }
  ModelFile model;
  ContractEnv env;
  torch::Tensor test_states, test_oracle;
};

Trainer::Trainer(const TrainConfig& config, std::uint64_t seed) {
  torch::manual_seed(seed);  // the networks' initial weights
  ModelFile model;
  model.config = config;
  model.seed = seed;
  model.learner = make_learner(config, ContractEnv(config.env));
  impl_ = std::make_unique<Impl>(std::move(model));
  impl_->model.history.push_back(test());  // epoch 0: the untrained policy
}

Trainer::Trainer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Trainer::Trainer(Trainer&&) noexcept = default;
Trainer::~Trainer() = default;

Trainer Trainer::resume(const std::string& checkpoint) {
  return Trainer(std::make_unique<Impl>(load_model_file(checkpoint, /*checkpoint=*/true)));
}

const TrainConfig& Trainer::config() const { return impl_->model.config; }
std::uint64_t Trainer::seed() const { return impl_->model.seed; }
std::int64_t Trainer::epochs_done() const { return static_cast<std::int64_t>(impl_->model.history.size()) - 1; }
const std::vector<EpochRecord>& Trainer::history() const { return impl_->model.history; }

EpochRecord Trainer::test() const {
  auto& m = *impl_;
  auto generator = make_generator(m.model.seed, "test.noise");
  auto actions = m.model.learner->act(m.env.features(m.test_states), generator, /*explore=*/false);
  auto utility = m.env.utility(m.test_states, actions);
  EpochRecord record;
  if (!history().empty()) {
    record.epoch = epochs_done();
    record.step = history().back().step;
    record.wall_s = history().back().wall_s;
  }
  record.test_reward = utility.mean().item<double>();
  record.test_regret = (m.test_oracle - utility).mean().item<double>();
  return record;
}

EpochRecord Trainer::run_epoch() {
  auto start = std::chrono::steady_clock::now();
  auto losses = impl_->model.learner->train_epoch(impl_->env, seed(), epochs_done() + 1);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto record = test();
  record.epoch = epochs_done() + 1;
  record.step += losses.updates;
  record.actor_loss = losses.actor;
  record.critic_loss = losses.critic;
  record.wall_s += seconds;
  impl_->model.history.push_back(record);
  return record;
}

void Trainer::save(const std::string& path, bool checkpoint) const {
  save_model_file(path, impl_->model, checkpoint);
}

}  // namespace vsm::policies::learned
