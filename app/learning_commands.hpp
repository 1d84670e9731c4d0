#pragma once
// `vsm train` and `vsm eval`: the learned contract policies (policies/learned/).

#include <cstdint>
#include <string>
#include <vector>

namespace vsm::app {

struct TrainArgs {
  std::string policy;                  // gdm | ppo
  std::string config;                  // empty: configs/<policy>.yaml, or <policy>-loop.yaml with a scenario
  std::string env = "static";          // static | scenario:FILE (train inside that simulation)
  std::vector<std::string> env_set;    // --set overrides of that scenario
  std::vector<std::string> overrides;  // --set key=value on the config
  std::string output;                  // the model file
  std::string log;                     // the /training HDF5 file; empty: the model's name with .h5
  std::uint64_t seed = 1;
  bool resume = false, force = false, quiet = false, json = false;
  bool keep_runs = false;  // keep the training runs' files in MODEL.pt.runs/
  std::string command_line;
};

struct EvalArgs {
  std::vector<std::string> policies;  // gdm:MODEL, ppo:MODEL, oracle, fixed[:L1,R1,...]
  std::int64_t states = 1000;
  std::uint64_t seed = 1;
  std::string config;  // environment when no model is evaluated; empty: configs/gdm.yaml
  std::string csv;     // also write the table here
  std::vector<std::string> acting;  // --set gdm.action_candidates=K / gdm.acting_noise=X
  bool json = false;
};

// Exit code: 0 trained; 2 bad input; 128+N stopped by signal N (checkpoint saved: --resume).
int train_command(const TrainArgs& args);
// Exit code: 0 evaluated; 2 bad input.
int eval_command(const EvalArgs& args);

}  // namespace vsm::app
