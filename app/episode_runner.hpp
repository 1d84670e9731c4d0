#pragma once
// Training inside a simulation (`vsm train --env scenario:FILE`): the scenario read once to set
// up the learner's environment, and its episodes run as child `vsm run` processes.

#include <string>

#include "policies/learned/learned_config.hpp"
#include "policies/learned/trainer.hpp"
#include "sim/scenario.hpp"

namespace vsm::app {

// The environment a model trained in `scenario` acts in: its user types, cost model, Lmax
// and the servers' valuation (which must be the same for all), with the network observation
// on. latency_min and reward_max stay as `base` has them (the action's range). Throws
// core::InputError when the scenario cannot host one model.
policies::learned::EnvConfig environment_of_scenario(const sim::Scenario& scenario, policies::learned::EnvConfig base);

// Runs episodes of config.loop.scenario (with config.loop.scenario_set), loop.jobs at a time,
// every server's policy contract.<config.policy> with the episode's model; each run's output
// goes to its result file with ".log" appended. Throws naming the run and its last message
// when one fails.
policies::learned::LoopRunner episode_runner(const std::string& work_dir, bool keep);

}  // namespace vsm::app
