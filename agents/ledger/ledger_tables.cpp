#include "agents/ledger/ledger_tables.hpp"

namespace vsm::agents::ledger {
namespace {
constexpr std::size_t kHexDigest = 64;  // a SHA-256 digest in hex: fixed width (core::Column)
}  // namespace

std::vector<core::Column<LedgerRow>> ledger_columns() {
  using R = LedgerRow;
  return {{"height", "", &R::height},
          {"t", "s", &R::t},
          {"t_confirmed", "s", &R::t_confirmed},
          {"confirmation_latency", "s", &R::confirmation_latency},
          {"producer", "id", &R::producer},
          {"records", "trades", &R::records},
          {"hash", "SHA-256, hex", &R::hash, kHexDigest},
          {"previous", "SHA-256, hex", &R::previous, kHexDigest},
          {"merkle_root", "SHA-256, hex", &R::merkle_root, kHexDigest},
          {"raw_offset", "byte", &R::raw_offset},
          {"raw_size", "bytes", &R::raw_size},
          {"rows_seal", "Ed25519, hex", &R::rows_seal, 2 * sizeof(Signature)}};
}

std::vector<core::Column<ReplicaRow>> replica_columns() {
  using R = ReplicaRow;
  return {{"server", "id", &R::server}, {"blocks", "", &R::blocks}, {"tip", "SHA-256, hex", &R::tip, kHexDigest}};
}

void LedgerTables::record(const Block& block, const Bytes& serialized, double confirmed, const Signature& rows_seal) {
  blocks.append({block.height, block.time, confirmed, confirmed - block.time, block.producer,
                 static_cast<std::int64_t>(block.records.size()), to_hex(block_hash(block)), to_hex(block.previous),
                 to_hex(block.merkle_root), static_cast<std::int64_t>(bytes.rows()),
                 static_cast<std::int64_t>(serialized.size()), to_hex(rows_seal)});
  for (std::uint8_t b : serialized) bytes.append({b});
}

}  // namespace vsm::agents::ledger
