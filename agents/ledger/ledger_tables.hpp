#pragma once
// The ledger's tables in a result file (README "Result files"): /ledger, one row per block,
// and /ledger_replicas, each server's chain at the end of the run.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result_file.hpp"

namespace vsm::agents::ledger {

struct LedgerRow {  // /ledger: one row per block, written when every server has appended it
  std::int64_t height = 0;
  double t = 0;             // when the block was made
  double t_confirmed = 0;   // when the last server appended it
  double confirmation_latency = 0;
  std::int64_t producer = 0, records = 0;
  std::string hash, previous, merkle_root;  // hex
  std::string raw;                          // the block's bytes, hex (agents/ledger/block.hpp)
};

struct ReplicaRow {  // /ledger_replicas: each server's chain at the end of the run
  std::int64_t server = 0, blocks = 0;
  std::string tip;  // hash of its last block, hex
};

std::vector<core::Column<LedgerRow>> ledger_columns();
std::vector<core::Column<ReplicaRow>> replica_columns();

// Both tables, created together on a result file.
struct LedgerTables {
  explicit LedgerTables(core::ResultFile& file, std::size_t servers)
      : blocks(file.add_table("ledger", ledger_columns(), 64)),
        replicas(file.add_table("ledger_replicas", replica_columns(), servers)) {}
  core::Table<LedgerRow> blocks;
  core::Table<ReplicaRow> replicas;
};

}  // namespace vsm::agents::ledger
