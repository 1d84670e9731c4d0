#include "app/features.hpp"

#include "agents/ledger/ledger_spec.hpp"
#include "agents/reputation_spec.hpp"
#include "policies/policy_registry.hpp"

namespace vsm::app {

const sim::ScenarioSchema& scenario_schema() {
  static const sim::ScenarioSchema schema{
      policies::builtin_policies().resolver(),
      {
          // In reading order, which is also their order in the resolved scenario.
          sim::section_type<agents::ledger::LedgerSpec>("ledger"),
          sim::section_type<agents::ReputationSpec>("reputation"),
      }};
  return schema;
}

}  // namespace vsm::app
