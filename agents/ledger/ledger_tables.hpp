#pragma once
// The ledger's tables in a result file (README "Result files"): /ledger, one row per block,
// /ledger_bytes, the blocks' bytes end to end, and /ledger_replicas, each server's chain at
// the end of the run.

#include <cstdint>
#include <string>
#include <vector>

#include "agents/ledger/block.hpp"
#include "core/result_file.hpp"

namespace vsm::agents::ledger {

struct LedgerRow {  // /ledger: one row per block, written when every server has appended it
  std::int64_t height = 0;
  double t = 0;             // when the block was made
  double t_confirmed = 0;   // when the last server appended it
  double confirmation_latency = 0;
  std::int64_t producer = 0, records = 0;
  std::string hash, previous, merkle_root;  // hex
  std::int64_t raw_offset = 0, raw_size = 0;  // its bytes in /ledger_bytes (agents/ledger/block.hpp)
  std::string rows_seal;                      // hex (agents/ledger/row_seal.hpp)
};

struct ByteRow {  // /ledger_bytes: one byte of a block
  std::uint8_t byte = 0;
};

struct ReplicaRow {  // /ledger_replicas: each server's chain at the end of the run
  std::int64_t server = 0, blocks = 0;
  std::string tip;  // hash of its last block, hex
};

std::vector<core::Column<LedgerRow>> ledger_columns();
std::vector<core::Column<ReplicaRow>> replica_columns();

// The tables, created together on a result file. /ledger_bytes is created after /ledger so
// that a flush commits a block's bytes before its row (core/result_file.hpp).
struct LedgerTables {
  explicit LedgerTables(core::ResultFile& file, std::size_t servers)
      : blocks(file.add_table("ledger", ledger_columns(), 64)),
        bytes(file.add_table("ledger_bytes", std::vector<core::Column<ByteRow>>{{"byte", "", &ByteRow::byte}}, 65536)),
        replicas(file.add_table("ledger_replicas", replica_columns(), servers)) {}
  // A block every server has appended: its row with the seal of its trades' rows, and its
  // bytes (`serialized`) at the end of /ledger_bytes.
  void record(const Block& block, const Bytes& serialized, double confirmed, const Signature& rows_seal);
  core::Table<LedgerRow> blocks;
  core::Table<ByteRow> bytes;
  core::Table<ReplicaRow> replicas;
};

}  // namespace vsm::agents::ledger
