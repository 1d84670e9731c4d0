#include "agents/ledger/chain.hpp"

namespace vsm::agents::ledger {

std::vector<ChainProblem> verify_chain(const std::vector<Bytes>& blocks, const std::vector<PublicKey>& keys) {
  std::vector<ChainProblem> problems;
  Digest previous{};
  double previous_time = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto at = static_cast<std::int64_t>(i);
    auto report = [&](const std::string& what) { problems.push_back({at, what}); };
    Block block;
    try {
      block = parse_block(blocks[i]);
    } catch (const MalformedBlock& e) {
      report(std::string("malformed: ") + e.what());
      previous = sha256(blocks[i]);  // the next block cannot name it either way
      continue;
    }
    if (block.height != at) report("height " + std::to_string(block.height) + " at position " + std::to_string(at));
    if (block.previous != previous) report("previous-block hash does not match block " + std::to_string(at - 1));
    if (block.merkle_root != merkle_root(block.records)) report("Merkle root does not match the records");
    if (block.producer < 0 || static_cast<std::size_t>(block.producer) >= keys.size())
      report("unknown producer " + std::to_string(block.producer));
    else if (!verify_signature(keys[static_cast<std::size_t>(block.producer)], header_bytes(block), block.signature))
      report("producer's signature does not verify");
    if (block.time < previous_time) report("time goes back");
    for (std::size_t r = 0; r < block.records.size(); ++r) {
      try {
        decode_record(block.records[r]);
      } catch (const MalformedBlock&) {
        report("record " + std::to_string(r) + " is not an 88-byte trade record");
      }
    }
    previous = block_hash(block);
    previous_time = block.time;
  }
  return problems;
}

}  // namespace vsm::agents::ledger
