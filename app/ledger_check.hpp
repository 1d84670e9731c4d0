#pragma once
// `vsm ledger verify`: checks the ledger a result file holds. The blocks' own bytes (the /ledger
// `raw` column) are checked as a chain (agents/ledger/chain.hpp) against the servers' public
// keys in /servers; /ledger's other columns must say what the blocks say; and every row of
// /trades must be a committed record, column for column (README "The ledger" lists what is
// attested and what is not).

#include <string>
#include <vector>

#include "agents/ledger/chain.hpp"

namespace vsm::app {

// A table cell that disagrees with the blocks.
struct TableProblem {
  std::string table;
  std::int64_t row = 0;  // -1: not one row of the table (a record missing from it, a block's rows)
  std::string column, what;
};

struct LedgerCheck {
  std::int64_t blocks = 0, records = 0, trades = 0;
  std::vector<agents::ledger::ChainProblem> problems;
  std::vector<TableProblem> table_problems;
  bool verified() const { return problems.empty() && table_problems.empty(); }
};

// Throws core::InputError when the file is unreadable or holds no ledger.
LedgerCheck check_ledger(const std::string& path);

// What a file's ledger says of it, checked in a child process (core/isolation.hpp):
// "verified", "not verified", "no ledger" or "unreadable". For `info --verify`, `compare
// --verify` and a sweep's index.
std::string ledger_verdict(const std::string& path);

}  // namespace vsm::app
