#pragma once
// A block of the trade ledger and its byte layout. A block holds trade records; its header
// (height, previous block's hash, Merkle root of the records, time, producer) is signed by the
// producer with Ed25519; its hash is SHA-256 over header and signature, and the next block
// names it. Every number is little-endian with a fixed width, so a block's bytes are the same
// on every machine. Layout (README "The ledger"):
//
//   header   : height i64 | previous 32 B | merkle_root 32 B | time f64 | producer i64 (88 B)
//   signature: 64 B (Ed25519 over the header bytes)
//   records  : count u32, then per record: length u32 | bytes

#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "agents/ledger/crypto.hpp"

namespace vsm::agents::ledger {

// A trade as the ledger keeps it.
struct TradeRecord {
  double t = 0;
  std::int64_t round = 0, server = 0, vehicle = 0, item = 0;
  double latency_promised = 0, latency_measured = 0, reward = 0, quality = 0;
  std::int64_t on_time = 0, check_passed = 0;
};
Bytes encode(const TradeRecord& record);  // 88 bytes
TradeRecord decode_record(std::span<const std::uint8_t> bytes);

// RFC 6962's Merkle tree hash: leaves hashed with a 0x00 prefix, inner nodes with 0x01 (so a
// node cannot pass for a leaf), an odd node carried up unpaired; SHA-256("") for no records.
Digest merkle_root(const std::vector<Bytes>& leaves);

struct Block {
  std::int64_t height = 0;
  Digest previous{};  // all zero for the first block
  Digest merkle_root{};
  double time = 0;
  std::int64_t producer = 0;  // the producing server's index
  Signature signature{};
  std::vector<Bytes> records;
};

// A block of `records` on top of `previous`, its Merkle root computed and its header signed.
Block make_block(std::int64_t height, const Digest& previous, double time, std::int64_t producer,
                 std::vector<Bytes> records, const SigningKey& key);

Bytes header_bytes(const Block& block);
Digest block_hash(const Block& block);
Bytes serialize(const Block& block);

class MalformedBlock : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
Block parse_block(std::span<const std::uint8_t> bytes);  // throws MalformedBlock

}  // namespace vsm::agents::ledger
