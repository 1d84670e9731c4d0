#include "agents/reputation_table.hpp"

namespace vsm::agents {

std::vector<core::Column<ReputationRow>> reputation_columns() {
  using R = ReputationRow;
  return {{"height", "", &R::height}, {"t", "s", &R::t}, {"vehicle", "id", &R::vehicle}, {"reputation", "0..1", &R::reputation}};
}

}  // namespace vsm::agents
