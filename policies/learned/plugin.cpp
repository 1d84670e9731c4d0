// The entry point of libvsm_learned.so (learned_api.hpp).
#include "policies/learned/learned_api.hpp"
#include "policies/learned/learned_contract.hpp"

namespace vsm::policies::learned {
namespace {

std::shared_ptr<const sim::PolicyParams> read_policy(core::MapReader& params, const PolicyContext& context,
                                                     const std::string& kind) {
  return std::make_shared<LearnedContract::Params>(LearnedContract::Params::read(params, context, kind));
}

std::unique_ptr<IncentivePolicy> make_policy(const sim::PolicyParams& params, const PolicyContext& context) {
  return std::make_unique<LearnedContract>(dynamic_cast<const LearnedContract::Params&>(params), context);
}

}  // namespace
}  // namespace vsm::policies::learned

extern "C" const vsm::policies::learned::LearnedApi* vsm_learned_api() {
  namespace learned = vsm::policies::learned;
  static const learned::LearnedApi api{&learned::read_policy,     &learned::make_policy,
                                       &learned::start_training,  &learned::resume_training,
                                       &learned::evaluate,        &learned::environment_of_models};
  return &api;
}
