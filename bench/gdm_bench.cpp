// GDM speed at the sizes. Run: build/bench/gdm_bench (built with -DVSM_BENCH=ON, as
// `bash scripts/setup.sh test` builds; see bench/RESULTS.md);
// compare with bench/gdm_step.py, the same model in Python PyTorch.
#include <benchmark/benchmark.h>

#include "policies/learned/contract_env.hpp"
#include "policies/learned/gdm.hpp"

namespace learned = vsm::policies::learned;

namespace {

learned::GdmConfig config(std::int64_t batch, std::int64_t steps) {
  learned::GdmConfig c;
  c.batch = batch;
  c.diffusion_steps = steps;
  c.hidden = 256;
  // The step of the public reference and of bench/gdm_step.py: one critic step, then the
  // actor's pure Q loss through the chain (configs/gdm.yaml adds a denoising loss and more
  // critic steps; BM_GdmDefaultStep times that).
  c.bc_weight = 0;
  c.critic_updates = 1;
  c.action_candidates = 1;  // one sample per state, as the reference acts
  return c;
}

// A Gdm with a replay buffer of 4096 transitions from the paper's environment.
learned::Gdm filled(const learned::GdmConfig& c, const learned::ContractEnv& env) {
  learned::Gdm gdm(c, env.state_size(), env.action_size());
  auto states = env.sample_states(4096, 1, "bench");
  auto actions = torch::rand({4096, env.action_size()}) * 2 - 1;
  gdm.replay().add(env.features(states), actions, env.contract_utility(states, actions).to(torch::kFloat32));
  return gdm;
}

void BM_GdmTrainingStep(benchmark::State& state) {
  torch::set_num_threads(static_cast<int>(state.range(2)));
  learned::ContractEnv env{learned::EnvConfig{}};
  auto gdm = filled(config(state.range(0), state.range(1)), env);
  auto generator = learned::make_generator(1, "bench");
  for (auto _ : state) benchmark::DoNotOptimize(gdm.update(generator));
}
BENCHMARK(BM_GdmTrainingStep)->Args({512, 100, 1})->Args({512, 100, 2})->Args({256, 100, 1})->Args({512, 10, 1})
    ->Unit(benchmark::kMillisecond)->MinTime(5);

// One actor step of configs/gdm.yaml, read from the source tree so that it times the config as
// it is now (critic and V steps, the chain step with its denoising loss, the denoising-only steps).
void BM_GdmDefaultStep(benchmark::State& state) {
  torch::set_num_threads(1);
  learned::ContractEnv env{learned::EnvConfig{}};
  auto gdm = filled(learned::read_train_config_file(VSM_SOURCE_DIR "/configs/gdm.yaml", "gdm").gdm, env);
  auto generator = learned::make_generator(1, "bench");
  for (auto _ : state) benchmark::DoNotOptimize(gdm.update(generator));
}
BENCHMARK(BM_GdmDefaultStep)->Unit(benchmark::kMillisecond)->MinTime(5);

void BM_GdmInference(benchmark::State& state) {
  torch::set_num_threads(1);
  learned::ContractEnv env{learned::EnvConfig{}};
  learned::Gdm gdm(config(512, state.range(0)), env.state_size(), env.action_size());
  auto features = env.features(env.sample_states(1, 1, "bench"));
  auto generator = learned::make_generator(1, "bench");
  for (auto _ : state) {
    torch::InferenceMode inference;
    benchmark::DoNotOptimize(gdm.act(features, generator, false));
  }
}
BENCHMARK(BM_GdmInference)->Arg(100)->Arg(10)->Unit(benchmark::kMillisecond);

// contract.gdm acting greedily with 16 candidates (configs/gdm.yaml), one state.
void BM_GdmInferenceBestOf16(benchmark::State& state) {
  torch::set_num_threads(1);
  learned::ContractEnv env{learned::EnvConfig{}};
  auto c = config(512, 100);
  c.action_candidates = 16;
  learned::Gdm gdm(c, env.state_size(), env.action_size());
  auto features = env.features(env.sample_states(1, 1, "bench"));
  auto generator = learned::make_generator(1, "bench");
  for (auto _ : state) {
    torch::InferenceMode inference;
    benchmark::DoNotOptimize(gdm.act(features, generator, false));
  }
}
BENCHMARK(BM_GdmInferenceBestOf16)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
