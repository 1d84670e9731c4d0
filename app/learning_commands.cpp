#include "app/learning_commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "analysis/statistics.hpp"
#include "policies/learned/learned_api.hpp"
#include "app/commands.hpp"
#include "app/episode_runner.hpp"
#include "app/scenario_loading.hpp"
#include "app/progress.hpp"
#include "app/runner.hpp"
#include "core/hdf5.hpp"
#include "core/input_error.hpp"
#include "core/result_file.hpp"
#include "core/stop_request.hpp"

namespace fs = std::filesystem;
namespace learned = vsm::policies::learned;

namespace vsm::app {
namespace {

std::string default_config(const std::string& name) { return std::string(VSM_CONFIG_DIR) + "/" + name + ".yaml"; }

std::vector<core::Column<learned::EpochRecord>> training_columns() {
  using R = learned::EpochRecord;
  return {{"epoch", "", &R::epoch},
          {"step", "", &R::step},
          {"test_reward", "utility", &R::test_reward},
          {"test_regret", "utility", &R::test_regret},
          {"actor_loss", "", &R::actor_loss},
          {"critic_loss", "", &R::critic_loss},
          {"wall_s", "s", &R::wall_s},
          {"rounds", "", &R::rounds}};
}

// One line per epoch: redrawn in place on a terminal, appended otherwise.
void report_epoch(const learned::EpochRecord& r, std::int64_t epochs, bool terminal) {
  double eta = r.epoch > 0 ? r.wall_s / static_cast<double>(r.epoch) * static_cast<double>(epochs - r.epoch) : 0;
  char speed[64] = "";  // training in a scenario: how fast it simulates
  if (r.rounds > 0) std::snprintf(speed, sizeof speed, "  %.1f rounds/s", static_cast<double>(r.rounds) / r.wall_s);
  std::fprintf(stderr, "%sepoch %lld/%lld  test reward %.4f  regret %.4f  actor %.4g  critic %.4g  %s%s  ETA %s%s",
               terminal ? "\r\033[K" : "vsm: ", static_cast<long long>(r.epoch), static_cast<long long>(epochs),
               r.test_reward, r.test_regret, r.actor_loss, r.critic_loss, Progress::format_seconds(r.wall_s).c_str(),
               speed, Progress::format_seconds(eta).c_str(), terminal ? "" : "\n");
  std::fflush(stderr);
}

}  // namespace

int train_command(const TrainArgs& args) {
  return guarded([&]() -> int {
    const std::string checkpoint = args.output + ".ckpt";
    // Training runs' files, while they are needed; absolute, as the runs' scenarios name them.
    const std::string work_dir = fs::absolute(args.output + ".runs").string();
    const bool in_scenario = args.env.starts_with("scenario:");
    if (!in_scenario && args.env != "static") throw core::InputError("--env must be static or scenario:FILE");
    if (!in_scenario && !args.env_set.empty()) throw core::InputError("--env-set needs --env scenario:FILE");

    const std::string log = args.log.empty() ? fs::path(args.output).replace_extension(".h5").string() : args.log;
    if (log == args.output) throw core::InputError("--log " + log + ": must differ from the model file");
    std::unique_ptr<learned::Trainer> trainer;
    if (args.resume) {
      if (!fs::exists(checkpoint))
        throw core::InputError(checkpoint + ": no checkpoint to resume (vsm train writes one after every epoch)");
      if (!args.overrides.empty() || !args.config.empty())
        throw core::InputError("--resume continues with the checkpoint's config and seed; drop --config and --set");
      trainer = learned::learned_api().resume_training(checkpoint, episode_runner(work_dir, args.keep_runs));
    } else {
      if (args.policy != "gdm" && args.policy != "ppo") throw core::InputError("--policy must be gdm or ppo");
      if (!args.force && (fs::exists(args.output) || fs::exists(checkpoint)))
        throw core::InputError(args.output + ": model or checkpoint exists; pass --resume to continue it or --force "
                                            "to train from scratch");
      const auto config_file = !args.config.empty() ? args.config
                               : in_scenario       ? default_config(args.policy + "-loop")
                                                   : default_config(args.policy);
      auto config = learned::read_train_config_file(config_file, args.policy, args.overrides);
      if (in_scenario) {
        config.loop.scenario = fs::absolute(args.env.substr(std::string("scenario:").size())).lexically_normal().string();
        config.loop.scenario_set = args.env_set;
        if (auto clash = learned::training_seed_clash(config)) throw core::InputError(config_file + ": " + *clash);
      }
      if (!config.loop.scenario.empty())  // its errors are the user's, before any training starts
        config.env = environment_of_scenario(load_scenario(config.loop.scenario, config.loop.scenario_set, std::nullopt),
                                             config.env);
      prepare_output(args.output, true);
      trainer = learned::learned_api().start_training(config, args.seed, episode_runner(work_dir, args.keep_runs));
    }
    const auto& config = trainer->config();
    prepare_output(log, true);  // rewritten from the checkpoint's history when resuming

    core::ResultFile file(log);
    write_provenance(file, trainer->seed(), args.command_line);
    const auto& root = file.root();
    core::h5::write_attribute(root, "policy", config.policy);
    core::h5::write_attribute(root, "config_yaml", learned::to_yaml(config));
    core::h5::write_attribute(root, "model", args.output);
    auto table = file.add_table("training", training_columns(), 64);
    for (const auto& r : trainer->history()) table.append(r);
    file.flush();

    const bool terminal = !args.quiet && !args.json && isatty(STDERR_FILENO);
    const bool verbose = !args.quiet && !args.json;
    if (verbose)
      std::fprintf(stderr, "vsm: training %s for %lld epochs (%s), seed %llu%s\n", config.policy.c_str(),
                   static_cast<long long>(config.epochs), args.output.c_str(),
                   static_cast<unsigned long long>(trainer->seed()),
                   args.resume ? (", resumed after epoch " + std::to_string(trainer->epochs_done())).c_str() : "");
    core::catch_stop_signals(/*only_once=*/true);
    while (trainer->epochs_done() < config.epochs && !core::stop_requested()) {
      learned::EpochRecord record;
      try {
        record = trainer->run_epoch();
      } catch (const std::exception&) {
        if (core::stop_requested()) break;  // its runs were stopped too: the checkpoint is the last epoch's
        throw;
      }
      trainer->save(checkpoint, /*checkpoint=*/true);
      table.append(record);
      file.flush();
      if (verbose) report_epoch(record, config.epochs, terminal);
    }
    core::release_stop_signals();
    if (terminal) std::fprintf(stderr, "\n");

    if (core::stop_requested()) {
      file.finish("interrupted");
      print_error("training stopped after epoch " + std::to_string(trainer->epochs_done()) + "; continue with: vsm train -o " +
                  args.output + " --resume");
      return 128 + std::max(0, core::g_stop_signal.load());
    }
    trainer->save(args.output, /*checkpoint=*/false);
    fs::remove(checkpoint);
    if (!args.keep_runs) fs::remove_all(work_dir);
    core::h5::write_attribute(root, "finished_at", utc_now());
    file.finish("complete");

    const auto& history = trainer->history();
    const auto& last = history.back();
    auto best = std::min_element(history.begin(), history.end(),
                                 [](const auto& a, const auto& b) { return a.test_regret < b.test_regret; });
    if (args.json) {
      nlohmann::json summary = {{"policy", config.policy},          {"model", args.output},
                                {"log", log},                       {"epochs", last.epoch},
                                {"steps", last.step},               {"test_reward", last.test_reward},
                                {"test_regret", last.test_regret},  {"untrained_test_reward", history.front().test_reward},
                                {"best_epoch", best->epoch},        {"best_test_regret", best->test_regret},
                                {"wall_seconds", last.wall_s},      {"rounds", last.rounds}};
      std::printf("%s\n", summary.dump().c_str());
    } else {
      std::printf("%s: %lld epochs, %lld gradient steps in %s\n", args.output.c_str(),
                  static_cast<long long>(last.epoch), static_cast<long long>(last.step),
                  Progress::format_seconds(last.wall_s).c_str());
      const bool in_loop = !config.loop.scenario.empty();
      std::printf("  test reward %.4f (untrained %.4f), %s %.4f (best %.4f at epoch %lld)\n", last.test_reward,
                  history.front().test_reward, in_loop ? "gap to the clairvoyant bound" : "regret to the optimum",
                  last.test_regret, best->test_regret, static_cast<long long>(best->epoch));
      if (in_loop)
        std::printf("  %lld market rounds simulated for training, %.1f rounds/s; test on seeds held out from them\n",
                    static_cast<long long>(last.rounds), static_cast<double>(last.rounds) / last.wall_s);
      std::printf("  training curve: %s (/training)\n", log.c_str());
    }
    return kOk;
  });
}

int eval_command(const EvalArgs& args) {
  return guarded([&]() -> int {
    if (args.policies.empty()) throw core::InputError("vsm eval: give at least one --policy");
    learned::EnvConfig env;
    if (!learned::learned_api().environment_of_models(args.policies, env))
      env = learned::read_train_config_file(args.config.empty() ? default_config("gdm") : args.config, "gdm").env;
    auto results = learned::learned_api().evaluate(args.policies, env, args.states, args.seed, args.acting);

    std::ofstream csv;
    if (!args.csv.empty()) {
      csv.open(args.csv);
      if (!csv) throw core::InputError(args.csv + ": cannot write");
      csv << "policy,states,utility_mean,utility_ci95_low,utility_ci95_high,regret_mean,regret_ci95_low,"
             "regret_ci95_high,regret_max,ir_violation_rate,ic_violation_rate,raw_ir_violation_rate,"
             "raw_ic_violation_rate,ms_per_state\n";
      csv.precision(10);
    }
    if (!args.json)
      std::printf("%lld held-out states (seed %llu)\n%-28s %-30s %-26s %9s %7s %7s %9s\n",
                  static_cast<long long>(args.states), static_cast<unsigned long long>(args.seed), "policy",
                  "utility mean [95% CI]", "regret mean [95% CI]", "regret max", "IR", "IC", "ms/state");
    for (const auto& r : results) {
      auto utility = analysis::summarise(r.utility);
      auto regret = analysis::summarise(r.regret);
      double regret_max = *std::max_element(r.regret.begin(), r.regret.end());
      auto rate = [&](std::int64_t count) { return static_cast<double>(count) / static_cast<double>(r.pairs); };
      double ms = 1000 * r.act_seconds / static_cast<double>(args.states);
      if (args.json) {
        nlohmann::json j = {{"policy", r.policy},
                            {"states", args.states},
                            {"seed", args.seed},
                            {"utility_mean", utility.mean},
                            {"utility_ci95", {utility.ci_low, utility.ci_high}},
                            {"regret_mean", regret.mean},
                            {"regret_ci95", {regret.ci_low, regret.ci_high}},
                            {"regret_max", regret_max},
                            {"ir_violation_rate", rate(r.ir_violations)},
                            {"ic_violation_rate", rate(r.ic_violations)},
                            {"raw_ir_violation_rate", rate(r.raw_ir_violations)},
                            {"raw_ic_violation_rate", rate(r.raw_ic_violations)},
                            {"ms_per_state", ms}};
        std::printf("%s\n", j.dump().c_str());
      } else {
        char u[64], g[64];
        std::snprintf(u, sizeof u, "%.4f [%.4f, %.4f]", utility.mean, utility.ci_low, utility.ci_high);
        std::snprintf(g, sizeof g, "%.4f [%.4f, %.4f]", regret.mean, regret.ci_low, regret.ci_high);
        std::printf("%-28s %-30s %-26s %9.4f %6.1f%% %6.1f%% %9.4f\n", r.policy.c_str(), u, g, regret_max,
                    100 * rate(r.ir_violations), 100 * rate(r.ic_violations), ms);
        if (r.raw_ir_violations != r.ir_violations || r.raw_ic_violations != r.ic_violations)
          std::printf("%-28s   before the feasibility projection: IR %.1f%%, IC %.1f%%\n", "",
                      100 * rate(r.raw_ir_violations), 100 * rate(r.raw_ic_violations));
      }
      if (csv.is_open())
        csv << r.policy << "," << args.states << "," << utility.mean << "," << utility.ci_low << "," << utility.ci_high
            << "," << regret.mean << "," << regret.ci_low << "," << regret.ci_high << "," << regret_max << ","
            << rate(r.ir_violations) << "," << rate(r.ic_violations) << "," << rate(r.raw_ir_violations) << ","
            << rate(r.raw_ic_violations) << "," << ms << "\n";
    }
    return kOk;
  });
}

}  // namespace vsm::app
