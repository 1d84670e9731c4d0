#pragma once
// The learned policies as the rest of vsm reaches them: through a plugin, libvsm_learned.so,
// loaded on first use. Debian's LibTorch pulls in about 300 shared libraries (OpenCV, Qt,
// GStreamer, ...) whose loading costs about a second at every process start; a `vsm run` of a
// scenario without learned policies, a sweep point or `vsm --help` should not pay it.
//
// The plugin is found at VSM_LEARNED_PLUGIN (environment) or where the build put it. This
// header does not include LibTorch.

#include <memory>
#include <string>
#include <vector>

#include "policies/incentive_policy.hpp"
#include "policies/learned/evaluation.hpp"
#include "policies/learned/learned_config.hpp"
#include "policies/learned/trainer.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies::learned {

struct LearnedApi {
  // contract.<kind>'s parameters (LearnedContract::Params), and the policy from them.
  std::shared_ptr<const sim::PolicyParams> (*read_policy)(core::MapReader& params, const PolicyContext& context,
                                                          const std::string& kind);
  std::unique_ptr<IncentivePolicy> (*make_policy)(const sim::PolicyParams& params, const PolicyContext& context);
  std::unique_ptr<Trainer> (*start_training)(const TrainConfig& config, std::uint64_t seed, const LoopRunner& loop);
  std::unique_ptr<Trainer> (*resume_training)(const std::string& checkpoint, const LoopRunner& loop);
  std::vector<PolicyScores> (*evaluate)(const std::vector<std::string>& specs, const EnvConfig& env,
                                        std::int64_t states, std::uint64_t seed,
                                        const std::vector<std::string>& acting);
  bool (*environment_of_models)(const std::vector<std::string>& specs, EnvConfig& env);
};

// Loads the plugin once. Throws std::runtime_error naming the file when it cannot.
const LearnedApi& learned_api();

}  // namespace vsm::policies::learned
