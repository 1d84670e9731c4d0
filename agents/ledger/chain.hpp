#pragma once
// Checking a whole chain: every block parses, heights count up from 0, each block names the
// hash of the one before, its Merkle root matches its records, its producer's signature
// verifies, its records decode, and time never goes back. A single flipped byte anywhere
// breaks at least one of these at the block that holds it.

#include <string>
#include <vector>

#include "agents/ledger/block.hpp"

namespace vsm::agents::ledger {

struct ChainProblem {
  std::int64_t height = 0;  // the block (its position in the chain)
  std::string what;
};

// `blocks`: the blocks' bytes in chain order; `keys[p]`: producer p's public key.
std::vector<ChainProblem> verify_chain(const std::vector<Bytes>& blocks, const std::vector<PublicKey>& keys);

}  // namespace vsm::agents::ledger
