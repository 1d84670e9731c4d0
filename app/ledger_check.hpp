#pragma once
// `vsm ledger verify`: checks the ledger a result file holds. The blocks' own bytes (the /ledger
// `raw` column) are checked as a chain (agents/ledger/chain.hpp) against the servers' public
// keys in /servers, and /ledger's other columns must say what the blocks say.

#include <string>
#include <vector>

#include "agents/ledger/chain.hpp"

namespace vsm::app {

struct LedgerCheck {
  std::int64_t blocks = 0, records = 0;
  std::vector<agents::ledger::ChainProblem> problems;
};

// Throws core::InputError when the file is unreadable or holds no ledger.
LedgerCheck check_ledger(const std::string& path);

}  // namespace vsm::app
