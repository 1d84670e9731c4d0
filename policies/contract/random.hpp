#pragma once
// contract.random: a baseline that offers a fresh random menu every round, one item per type,
// latencies uniform in [latency_min, Lmax] and rewards uniform in [0, reward_max], drawn from
// the stream "policy.<server>".
//
//   policy: {name: contract.random, latency_min: 1, reward_max: 10}

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/random_stream.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies {

class RandomContract : public IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {
    double latency_min = 1;  // seconds, below Lmax
    double reward_max = 10;
    static Params read(core::MapReader& params, const PolicyContext& context);
    void write(YAML::Emitter& out) const override;
  };
  RandomContract(const Params& params, const PolicyContext& context);
  std::string name() const override { return "contract.random"; }
  Offer offer(const MarketState& state) override;

 private:
  Params params_;
  core::RandomStream random_;
};

}  // namespace vsm::policies
