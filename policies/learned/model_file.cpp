#include "policies/learned/model_file.hpp"

#include <filesystem>

#include "policies/learned/gdm.hpp"
#include "policies/learned/ppo.hpp"
#include "core/input_error.hpp"

namespace vsm::policies::learned {
namespace {

// Raised whenever a file of the previous format would load but act or resume differently
// (2: GDM's critic and V became Mish networks, checkpoints hold V and its optimiser).
constexpr const char* kFormatName = "vsm-contract-model";
constexpr int kFormatVersion = 2;
const std::string kFormat = std::string(kFormatName) + " " + std::to_string(kFormatVersion);
// EpochRecord's fields in order; files without the last (rounds, added later) read it as 0.
constexpr std::int64_t kHistoryColumns = 8;

std::string read_string(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toStringRef();
}

std::int64_t read_int(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toInt();
}

}  // namespace

std::unique_ptr<Learner> make_learner(const TrainConfig& config, const ContractEnv& env) {
  if (config.policy == "gdm") return std::make_unique<Gdm>(config.gdm, env.state_size(), env.action_size());
  return std::make_unique<Ppo>(config.ppo, env.state_size(), env.action_size());
}

void save_model_file(const std::string& path, const ModelFile& model, bool checkpoint) {
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(kFormat));
  archive.write("policy", c10::IValue(model.config.policy));
  archive.write("config", c10::IValue(to_yaml(model.config)));
  archive.write("seed", c10::IValue(static_cast<std::int64_t>(model.seed)));
  archive.write("checkpoint", c10::IValue(static_cast<std::int64_t>(checkpoint)));
  auto history = torch::zeros({static_cast<std::int64_t>(model.history.size()), kHistoryColumns}, torch::kFloat64);
  for (std::size_t i = 0; i < model.history.size(); ++i) {
    const auto& r = model.history[i];
    history[static_cast<std::int64_t>(i)] =
        torch::tensor({double(r.epoch), double(r.step), r.test_reward, r.test_regret, r.actor_loss, r.critic_loss, r.wall_s,
                       double(r.rounds)},
                      torch::kFloat64);
  }
  archive.write("history", history);
  torch::serialize::OutputArchive learner;
  model.learner->save(learner, checkpoint);
  archive.write("learner", learner);
  auto temporary = path + ".partial";
  archive.save_to(temporary);
  std::filesystem::rename(temporary, path);
}

ModelFile load_model_file(const std::string& path, bool checkpoint, const std::vector<std::string>& acting) {
  if (!std::filesystem::exists(path)) throw core::InputError(path + ": no such model file");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
    auto format = read_string(archive, "format");
    if (format.starts_with(kFormatName) && format != kFormat)
      throw core::InputError(path + ": written by another version of vsm (" + format + "; this one reads " + kFormat +
                            "): train it again");
    if (format != kFormat) throw core::InputError(path + ": not a vsm contract model");
  } catch (const c10::Error&) {
    throw core::InputError(path + ": not a vsm contract model (not a LibTorch archive written by vsm train)");
  }
  ModelFile model;
  auto policy = read_string(archive, "policy");
  auto doc = core::YamlDocument::load_string(read_string(archive, "config"), path + " (config)");
  for (const auto& assignment : acting) {
    auto key = assignment.substr(0, assignment.find('='));
    if (key != "gdm.action_candidates" && key != "gdm.acting_noise")
      throw core::InputError("--set " + assignment + ": only gdm.action_candidates and gdm.acting_noise can change on a trained model");
    if (policy == "gdm") doc.apply_override(assignment);  // a PPO model has no such keys to change
  }
  model.config = read_train_config(doc, policy);
  model.seed = static_cast<std::uint64_t>(read_int(archive, "seed"));
  if (checkpoint && !read_int(archive, "checkpoint"))
    throw core::InputError(path + ": a final model, not a checkpoint: it holds no training state to resume");
  torch::Tensor history;
  archive.read("history", history);
  auto h = history.accessor<double, 2>();
  for (std::int64_t i = 0; i < history.size(0); ++i)
    model.history.push_back({static_cast<std::int64_t>(h[i][0]), static_cast<std::int64_t>(h[i][1]), h[i][2], h[i][3],
                             h[i][4], h[i][5], h[i][6],
                             history.size(1) > 7 ? static_cast<std::int64_t>(h[i][7]) : 0});
  ContractEnv env(model.config.env);
  model.learner = make_learner(model.config, env);
  torch::serialize::InputArchive learner;
  archive.read("learner", learner);
  model.learner->load(learner, checkpoint);
  return model;
}

}  // namespace vsm::policies::learned
