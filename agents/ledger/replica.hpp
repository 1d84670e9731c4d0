#pragma once
// One edge server's copy of the ledger, and its part in agreeing blocks: a PBFT-style round
// among the S servers over their backhauls (README "The ledger"). Block h is created at
// h-th block time by proposer h mod S: every server sends the proposer the trade records it
// collected since the last block; the proposer orders them by server, signs the block and
// sends it to all (pre-prepare); each server checks it (height, previous hash, Merkle root,
// signature) and tells all (prepare); with prepares from more than two thirds of the servers
// (floor(2S/3) + 1, which outvotes f = (S - 1) / 3 faulty ones) it tells all it commits
// (commit); with as many commits it appends the block. All messages are SimGrid mailbox
// messages between server hosts, so their delays are the backhauls'.

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
  std::unique_ptr<LedgerMessage> next_message(std::int64_t height);
  void send(std::size_t to, std::unique_ptr<LedgerMessage> message, double bytes);
  void send_all(const LedgerMessage& message, double bytes);
  Digest tip() const;  // hash of the last block appended here (zeros before the first)
  bool acceptable(const Block& block, std::int64_t height) const;

  std::size_t index_, servers_;
  std::size_t quorum_;
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

// The times blocks are made: every block period, and a last one at the end of the run.
std::vector<double> block_times(const sim::Scenario& scenario);

}  // namespace vsm::agents::ledger
