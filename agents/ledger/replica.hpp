#pragma once
// One edge server's copy of the ledger, and its part in agreeing blocks: a PBFT-style round
// over the servers' backhauls (README "The ledger"). Block h is created at the h-th block time
// by its producer, server h mod S: every server sends the producer the trade records it
// collected since the last block; the producer orders them by server, signs the block and
// sends it to the block's validators (pre-prepare); each validator checks it (height, previous
// hash, Merkle root, signature) and tells the validators (prepare); with prepares from more
// than two thirds of them (floor(2V/3) + 1, which outvotes f = (V - 1) / 3 faulty ones) it
// tells them it commits (commit); with as many commits it appends the block. The validators
// are all S servers with `ledger.protocol: pbft` (2 S^2 votes per block), or a committee of
// `committee_size` drawn per block with `committee`: the producer then sends the other servers
// the block with its certificate (the committing validators), and each appends it once it
// checks both (2 V^2 + 2 S messages per block). All messages are SimGrid mailbox messages
// between server hosts, so their delays are the backhauls'.

#include <deque>
#include <functional>
#include <memory>
#include <simgrid/s4u/Semaphore.hpp>
#include <vector>

#include "agents/ledger/block.hpp"
#include "sim/scenario.hpp"

namespace simgrid::s4u {
class Mailbox;
}

namespace vsm::agents::ledger {

struct LedgerMessage;

// A proposed block as every replica it is sent to receives it: the same immutable bytes, and
// what can be checked of the bytes alone (they parse, the Merkle root matches the records,
// the producer's signature verifies). That is checked once, when it is made: every replica
// would find the same, and checks take no simulated time.
struct Proposal {
  Proposal(Bytes bytes, const std::vector<PublicKey>& keys);
  Bytes bytes;
  Block block;
  Digest hash{};  // the block's, which votes name
  bool sound = false;
};

class Replica {
 public:
  // Called when this replica appends a block: (block, its bytes, the simulated time).
  using OnCommit = std::function<void(const Block&, const Bytes&, double)>;

  Replica(const sim::Scenario& scenario, std::size_t index, SigningKey key, std::vector<PublicKey> keys,
          OnCommit on_commit);
  ~Replica();  // where LedgerMessage is complete

  void submit(Bytes record) { pending_.push_back(std::move(record)); }  // by the server on this host

  // The actor body (a daemon): one block per block period, the last at the end of the run.
  void operator()();

  // Blocks the calling actor until the final block is appended here.
  void wait_for_final_block() { final_block_->acquire(); }

  const std::vector<Digest>& chain() const { return chain_; }  // block hashes, in order

 private:
  void agree(std::int64_t height, double created);
  void take_certified(std::int64_t height, const std::vector<std::size_t>& validators);
  void append(const Proposal& proposal);
  std::unique_ptr<LedgerMessage> next_message(std::int64_t height);
  void send(std::size_t to, std::unique_ptr<LedgerMessage> message, double bytes);
  void send_to(const std::vector<std::size_t>& servers, const LedgerMessage& message, double bytes);
  Digest tip() const;  // hash of the last block appended here (zeros before the first)
  bool acceptable(const Proposal& proposal, std::int64_t height) const;

  const sim::Scenario& scenario_;
  std::size_t index_, servers_;
  std::vector<double> block_times_;
  SigningKey key_;
  std::vector<PublicKey> keys_;
  OnCommit on_commit_;
  std::vector<simgrid::s4u::Mailbox*> mailboxes_;
  std::vector<Bytes> pending_;
  std::deque<std::unique_ptr<LedgerMessage>> early_;  // messages for blocks not yet begun
  std::vector<Digest> chain_;
  simgrid::s4u::SemaphorePtr final_block_;
};

// Each server's signing key, derived from the run seed (stream "ledger.key.<server>"): a run is
// reproducible, so its signatures are too. They make a result file tamper-evident to anyone
// who does not re-run the scenario, not secret.
std::vector<SigningKey> server_keys(const sim::Scenario& scenario);

// The servers that vote on block `height`, in index order: all of them with protocol pbft (or
// a committee as large as the servers); with committee, the producer (height mod S) and
// committee_size - 1 others drawn uniformly (stream "ledger.committee.<height>").
std::vector<std::size_t> validators(const sim::Scenario& scenario, std::int64_t height);

// The times blocks are made: every block period, and a last one at the end of the run.
std::vector<double> block_times(const sim::Scenario& scenario);

}  // namespace vsm::agents::ledger
