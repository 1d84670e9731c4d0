#include "policies/learned/learned_api.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <stdexcept>

namespace vsm::policies::learned {

const LearnedApi& learned_api() {
  static const LearnedApi* api = [] {
    const char* path = std::getenv("VSM_LEARNED_PLUGIN");
    if (!path || !*path) path = VSM_LEARNED_PLUGIN;
    // Never closed: the policies and trainers it creates live until the process ends.
    void* plugin = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!plugin)
      throw std::runtime_error(std::string("cannot load the learned policies (") + dlerror() +
                               "); build vsm again or point VSM_LEARNED_PLUGIN at libvsm_learned.so");
    auto entry = reinterpret_cast<const LearnedApi* (*)()>(dlsym(plugin, "vsm_learned_api"));
    if (!entry) throw std::runtime_error(std::string(path) + ": not a vsm learned-policies plugin");
    return entry();
  }();
  return *api;
}

}  // namespace vsm::policies::learned
