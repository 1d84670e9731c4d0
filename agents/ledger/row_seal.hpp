#pragma once
// The seal of a block's /trades rows (README "The ledger"). A trade record holds what a server
// knows of a trade; a /trades row also holds what the simulation knows (the vehicle's true
// type, ground truth on cheating, the utilities derived from them). So that no byte of /trades
// can change unseen, the block's producer signs, beside the block, SHA-256 over the block's
// hash and the block's /trades rows in record order (each row: its 16 columns, 8 bytes each,
// little-endian, in column order). The seal is the simulator's notarisation of its output: it
// is written to /ledger.rows_seal, never sent between the simulated servers, so the market
// and its timings are the same with or without it.

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "agents/ledger/block.hpp"
#include "agents/ledger/crypto.hpp"
#include "sim/result_layout.hpp"

namespace vsm::agents::ledger {

using TradeKey = std::tuple<std::int64_t, std::int64_t, std::int64_t>;  // round, server, vehicle
inline TradeKey trade_key(const TradeRecord& record) { return {record.round, record.server, record.vehicle}; }

// One cell as the seal encodes it: its 8 bytes, little-endian (a double by its bits). The
// writer (row_bytes) and `vsm ledger verify` both encode with these.
void append_cell(Bytes& out, double value);
void append_cell(Bytes& out, std::int64_t value);
Bytes row_bytes(const sim::TradeRow& row);
// The digest a seal signs: `rows` are the block's rows' bytes, in the block's record order.
Digest rows_digest(const Digest& block_hash, const std::vector<Bytes>& rows);

// The rows of trades submitted to the ledger and not yet in a recorded block.
class UnsealedRows {
 public:
  void add(const sim::TradeRow& row);
  // The seal of `block` by `producer`, taking its rows out.
  Signature seal(const Block& block, const SigningKey& producer);

 private:
  std::map<TradeKey, Bytes> rows_;
};

}  // namespace vsm::agents::ledger
