#pragma once
// SUMO run by vsm: `mobility: {model: sumo, sumo: {config: city.sumocfg}}` has Debian's `sumo`
// simulate the configuration and write its floating-car data, which vsm then reads as a trace
// (sim/mobility/fcd_trace.hpp). The trace is kept in a cache under a key hashed from
// everything that makes it (the sumo version, the configuration, every input file it names),
// so a sweep over one configuration runs SUMO once.
//
// The cache is $VSM_CACHE_DIR, else $XDG_CACHE_HOME/vsm, else ~/.cache/vsm; its traces are
// sumo/<key>.fcd.xml. Processes that want the same trace wait for the first to make it.

#include <string>

namespace vsm::sim {

// The FCD trace SUMO makes from `config` (absolute), made now or found in the cache. Throws
// InputError when SUMO cannot be run or fails (with its first error line), or a configuration
// input cannot be read.
std::string sumo_trace(const std::string& config);

// Where traces are cached (the directory above, not created).
std::string sumo_cache_dir();

}  // namespace vsm::sim
