#include "policies/learned/loop_trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <unordered_map>

namespace vsm::policies::learned {
namespace fs = std::filesystem;

Experience read_experience(const std::string& dir, const EpisodeResult& result, const ContractEnv& env) {
  struct Key {
    std::int64_t round, server, vehicle;
    bool operator==(const Key&) const = default;
  };
  struct Hash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::int64_t>()((k.round * 1009 + k.server) * 1000003 + k.vehicle);
    }
  };
  std::unordered_map<Key, double, Hash> utility;
  for (const auto& t : result.trades) utility[{t.round, t.server, t.vehicle}] = t.server_utility;

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".bin") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  const std::int64_t width = 3 + env.state_size() + env.action_size();
  std::vector<double> rows;
  for (const auto& file : files) {
    const auto bytes = fs::file_size(file);
    if (bytes % (width * sizeof(double)) != 0)
      throw std::runtime_error(file.string() + ": not whole experience rows of " + std::to_string(width) + " numbers");
    const auto at = rows.size();
    rows.resize(at + bytes / sizeof(double));
    std::ifstream(file, std::ios::binary).read(reinterpret_cast<char*>(rows.data() + at), static_cast<std::streamsize>(bytes));
  }
  const auto count = static_cast<std::int64_t>(rows.size()) / width;
  auto table = torch::from_blob(rows.data(), {count, width}, torch::kFloat64).clone();
  auto rewards = torch::zeros({count}, torch::kFloat64);
  auto r = rewards.accessor<double, 1>();
  auto t = table.accessor<double, 2>();
  for (std::int64_t i = 0; i < count; ++i) {
    auto found = utility.find({std::llround(t[i][0]), std::llround(t[i][1]), std::llround(t[i][2])});
    if (found != utility.end()) r[i] = found->second;
  }
  return {table.narrow(1, 3, env.state_size()), table.narrow(1, 3 + env.state_size(), env.action_size()), rewards};
}

namespace {

class LoopTrainer final : public Trainer {
 public:
  LoopTrainer(ModelFile model, LoopRunner loop) : model_(std::move(model)), env_(model_.config.env), loop_(std::move(loop)) {
    torch::set_num_threads(static_cast<int>(model_.config.threads));
    fs::create_directories(loop_.work_dir);
    const auto& v = env_.config().valuation;
    reward_scale_ = v.a1 * std::pow(env_.config().theta_ranges.back()[1], v.b1);
    if (model_.history.empty()) model_.history.push_back(test());  // epoch 0: the untrained policy
  }

  const TrainConfig& config() const override { return model_.config; }
  std::uint64_t seed() const override { return model_.seed; }
  const std::vector<EpochRecord>& history() const override { return model_.history; }

  EpochRecord test() const override { return test_after(std::max<std::int64_t>(0, epochs_done())); }

  EpochRecord run_epoch() override {
    auto start = std::chrono::steady_clock::now();
    const auto epoch = epochs_done() + 1;
    const auto& loop = config().loop;
    const auto model = snapshot();
    const auto explore = model_.learner->exploration();
    std::vector<Episode> episodes;
    for (std::int64_t k = 0; k < loop.episodes_per_epoch; ++k) {
      const auto seed = static_cast<std::uint64_t>((epoch - 1) * loop.episodes_per_epoch + k + 1);
      const auto dir = path("experience-" + std::to_string(seed));
      fs::remove_all(dir);
      fs::create_directories(dir);
      episodes.push_back({seed, model, explore, dir, path("episode-" + std::to_string(seed) + ".h5")});
    }
    const auto results = loop_.run(config(), episodes);
    std::vector<torch::Tensor> states, actions, rewards;
    std::int64_t rounds = 0;
    for (std::size_t i = 0; i < episodes.size(); ++i) {
      auto experience = read_experience(episodes[i].experience, results[i], env_);
      states.push_back(experience.states);
      actions.push_back(experience.actions);
      rewards.push_back(experience.rewards / reward_scale_);
      rounds += results[i].rounds;
      if (!loop_.keep) {
        fs::remove_all(episodes[i].experience);
        fs::remove(episodes[i].result);
      }
    }
    auto all_states = torch::cat(states);
    if (all_states.size(0) == 0)
      throw std::runtime_error("the training runs of epoch " + std::to_string(epoch) +
                               " made no offers: nothing to learn from (do vehicles enter coverage?)");
    model_.learner->scale_learning_rates(learning_rate_scale(config().lr_schedule, epoch, config().epochs));
    auto losses = model_.learner->learn(env_.features(all_states), torch::cat(actions), torch::cat(rewards), seed(), epoch);
    auto record = test_after(epoch);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    record.step += losses.updates;
    record.actor_loss = losses.actor;
    record.critic_loss = losses.critic;
    record.rounds += rounds;
    record.wall_s += seconds;  // with the validation runs: they are most of an epoch's time
    model_.history.push_back(record);
    return record;
  }

  void save(const std::string& path, bool checkpoint) const override { save_model_file(path, model_, checkpoint); }

 private:
  // The greedy runs on the validation seeds, as the test after `epoch`.
  EpochRecord test_after(std::int64_t epoch) const {
    const auto model = snapshot();
    std::vector<Episode> episodes;
    for (auto seed : config().loop.validation_seeds)
      episodes.push_back({static_cast<std::uint64_t>(seed), model, "none", "",
                          path("validation-" + std::to_string(epoch) + "-" + std::to_string(seed) + ".h5")});
    std::int64_t server_rounds = 0;
    double utility = 0, bound = 0;
    for (const auto& r : loop_.run(config(), episodes)) {
      server_rounds += r.server_rounds;
      utility += r.utility;
      bound += r.bound;
    }
    if (!loop_.keep)
      for (const auto& e : episodes) fs::remove(e.result);
    EpochRecord record;
    if (!history().empty()) record = history().back();
    record.epoch = epoch;
    record.actor_loss = record.critic_loss = 0;
    const double n = std::max<double>(1, static_cast<double>(server_rounds));
    record.test_reward = utility / n;
    record.test_regret = (bound - utility) / n;
    return record;
  }

  std::string path(const std::string& name) const { return (fs::path(loop_.work_dir) / name).string(); }
  // The learner as it is now, as a model file the runs can load.
  std::string snapshot() const {
    const auto file = path("policy.pt");
    save_model_file(file, model_, /*checkpoint=*/false);
    return file;
  }

  ModelFile model_;
  ContractEnv env_;
  LoopRunner loop_;
  double reward_scale_ = 1;
};

}  // namespace

std::unique_ptr<Trainer> make_loop_trainer(ModelFile model, const LoopRunner& loop) {
  return std::make_unique<LoopTrainer>(std::move(model), loop);
}

}  // namespace vsm::policies::learned
