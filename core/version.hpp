#pragma once
// The version of vsm and the git commit it was built from (refreshed at every build).

namespace vsm::core {

inline constexpr const char* kVersion = VSM_VERSION;  // from project(VERSION) in CMakeLists.txt
extern const char* const kGitCommit;

}  // namespace vsm::core
