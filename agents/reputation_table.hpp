#pragma once
// The reputation table of a result file (README "Result files"): /reputation, every vehicle's
// reputation after each block (reputation on).

#include <cstdint>
#include <vector>

#include "core/result_file.hpp"

namespace vsm::agents {

struct ReputationRow {  // /reputation: every vehicle's reputation after each block (reputation on)
  std::int64_t height = 0;
  double t = 0;
  std::int64_t vehicle = 0;
  double reputation = 0;
};

std::vector<core::Column<ReputationRow>> reputation_columns();

}  // namespace vsm::agents
