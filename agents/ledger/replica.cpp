#include "agents/ledger/replica.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <simgrid/s4u.hpp>

#include "agents/ledger/ledger_spec.hpp"
#include "core/random_stream.hpp"

namespace sg4 = simgrid::s4u;

namespace vsm::agents::ledger {

struct LedgerMessage {
  enum class Kind { Batch, PrePrepare, Prepare, Commit } kind = Kind::Batch;
  std::int64_t height = 0;
  std::size_t from = 0;
  std::vector<Bytes> records;  // Batch
  Bytes block;                 // PrePrepare
  Digest hash{};               // Prepare, Commit
};

namespace {

constexpr double kVoteBytes = 128;  // a prepare or commit: height, hash, sender, signature

}  // namespace

std::vector<SigningKey> server_keys(const sim::Scenario& scenario) {
  std::vector<SigningKey> keys;
  for (const auto& server : scenario.edge_servers) {
    core::RandomStream stream(scenario.seed, "ledger.key." + server.name);
    std::array<std::uint8_t, 32> seed{};
    for (std::size_t i = 0; i < seed.size(); i += 8) {
      const std::uint64_t word = stream.next_u64();
      for (std::size_t b = 0; b < 8; ++b) seed[i + b] = static_cast<std::uint8_t>(word >> (8 * b));
    }
    keys.emplace_back(seed);
  }
  return keys;
}

std::vector<double> block_times(const sim::Scenario& scenario) {
  std::vector<double> times;
  const double period = scenario.section<LedgerSpec>().block_period;
  for (double k = 1; k * period < scenario.duration; ++k) times.push_back(k * period);
  times.push_back(scenario.duration);
  return times;
}

Replica::Replica(const sim::Scenario& scenario, std::size_t index, SigningKey key, std::vector<PublicKey> keys,
                 OnCommit on_commit)
    : index_(index),
      servers_(scenario.edge_servers.size()),
      quorum_(2 * servers_ / 3 + 1),
      block_times_(block_times(scenario)),
      key_(std::move(key)),
      keys_(std::move(keys)),
      on_commit_(std::move(on_commit)),
      final_block_(sg4::Semaphore::create(0)) {
  for (const auto& server : scenario.edge_servers) mailboxes_.push_back(sg4::Mailbox::by_name("ledger:" + server.name));
}

Replica::~Replica() = default;

void Replica::operator()() {
  // Messages to this replica travel as soon as they are sent, not when it next asks for one.
  mailboxes_[index_]->set_receiver(sg4::Actor::self());
  for (std::size_t h = 0; h < block_times_.size(); ++h) {
    sg4::this_actor::sleep_until(block_times_[h]);
    agree(static_cast<std::int64_t>(h), block_times_[h]);
  }
  final_block_->release();
}

void Replica::send(std::size_t to, std::unique_ptr<LedgerMessage> message, double bytes) {
  // Detached: replicas send to each other at once, and none waits for a receiver.
  mailboxes_[to]
      ->put_init(message.release(), static_cast<std::uint64_t>(bytes))
      ->detach([](void* m) { delete static_cast<LedgerMessage*>(m); });
}

void Replica::send_all(const LedgerMessage& message, double bytes) {
  for (std::size_t to = 0; to < servers_; ++to)
    if (to != index_) send(to, std::make_unique<LedgerMessage>(message), bytes);
}

std::unique_ptr<LedgerMessage> Replica::next_message(std::int64_t height) {
  for (auto it = early_.begin(); it != early_.end(); ++it) {
    if ((*it)->height == height) {
      auto message = std::move(*it);
      early_.erase(it);
      return message;
    }
  }
  for (;;) {
    auto message = mailboxes_[index_]->get_unique<LedgerMessage>();
    if (message->height == height) return message;
    if (message->height > height) early_.push_back(std::move(message));  // older ones are spent
  }
}

Digest Replica::tip() const { return chain_.empty() ? Digest{} : chain_.back(); }

bool Replica::acceptable(const Block& block, std::int64_t height) const {
  return block.height == height && block.previous == tip() && block.merkle_root == merkle_root(block.records) &&
         block.producer == static_cast<std::int64_t>(static_cast<std::size_t>(height) % servers_) &&
         verify_signature(keys_[static_cast<std::size_t>(block.producer)], header_bytes(block), block.signature);
}

void Replica::agree(std::int64_t height, double created) {
  const std::size_t proposer = static_cast<std::size_t>(height) % servers_;
  std::vector<std::vector<Bytes>> batches(servers_);
  std::set<std::size_t> batch_from;
  std::map<std::size_t, Digest> prepared, committed;  // votes by sender, for the hash they name
  Block block;
  Bytes block_bytes;  // the block as sent and as recorded
  Digest hash{};      // its hash, which the votes name
  bool have_block = false, sent_commit = false;
  auto hold = [&](Block b, Bytes bytes) {
    block = std::move(b);
    block_bytes = std::move(bytes);
    hash = block_hash(block);
    have_block = true;
  };

  // My records of the period go to the proposer.
  batches[index_] = std::move(pending_);
  pending_.clear();
  if (index_ != proposer) {
    auto batch = std::make_unique<LedgerMessage>();
    batch->kind = LedgerMessage::Kind::Batch;
    batch->height = height;
    batch->from = index_;
    batch->records = std::move(batches[index_]);
    const double bytes = 64 + 88.0 * static_cast<double>(batch->records.size());
    send(proposer, std::move(batch), bytes);
  }
  batch_from.insert(index_);

  auto propose_when_ready = [&] {
    if (index_ != proposer || have_block || batch_from.size() < servers_) return;
    std::vector<Bytes> records;
    for (auto& b : batches) std::move(b.begin(), b.end(), std::back_inserter(records));
    Block made = make_block(height, tip(), created, static_cast<std::int64_t>(index_), std::move(records), key_);
    Bytes bytes = serialize(made);
    hold(std::move(made), std::move(bytes));
    send_all(LedgerMessage{LedgerMessage::Kind::PrePrepare, height, index_, {}, block_bytes, {}},
             static_cast<double>(block_bytes.size()));
  };
  auto vote = [&](LedgerMessage::Kind kind, std::map<std::size_t, Digest>& votes) {
    votes[index_] = hash;
    send_all(LedgerMessage{kind, height, index_, {}, {}, hash}, kVoteBytes);
  };
  // Votes count only for the block this replica holds (votes may arrive before the block).
  auto count = [&](const std::map<std::size_t, Digest>& votes) {
    if (!have_block) return std::size_t{0};
    return static_cast<std::size_t>(std::count_if(votes.begin(), votes.end(), [&](const auto& v) { return v.second == hash; }));
  };
  propose_when_ready();
  if (have_block) vote(LedgerMessage::Kind::Prepare, prepared);

  while (count(committed) < quorum_) {
    if (count(prepared) >= quorum_ && !sent_commit) {
      sent_commit = true;
      vote(LedgerMessage::Kind::Commit, committed);
      continue;
    }
    auto m = next_message(height);
    switch (m->kind) {
      case LedgerMessage::Kind::Batch:
        batches[m->from] = std::move(m->records);
        batch_from.insert(m->from);
        propose_when_ready();
        if (have_block) vote(LedgerMessage::Kind::Prepare, prepared);
        break;
      case LedgerMessage::Kind::PrePrepare: {
        if (have_block) break;
        Block proposed;
        try {
          proposed = parse_block(m->block);
        } catch (const MalformedBlock&) {
          break;  // a bad proposal gets no vote
        }
        if (!acceptable(proposed, height)) break;
        hold(std::move(proposed), std::move(m->block));
        vote(LedgerMessage::Kind::Prepare, prepared);
        break;
      }
      case LedgerMessage::Kind::Prepare:
        prepared[m->from] = m->hash;
        break;
      case LedgerMessage::Kind::Commit:
        committed[m->from] = m->hash;
        break;
    }
  }
  chain_.push_back(hash);
  on_commit_(block, block_bytes, sg4::Engine::get_clock());

  // Hear out the votes still on their way, so no message outlives the run in a mailbox.
  while (prepared.size() < servers_ || committed.size() < servers_) {
    auto m = next_message(height);
    if (m->kind == LedgerMessage::Kind::Prepare) prepared[m->from] = m->hash;
    if (m->kind == LedgerMessage::Kind::Commit) committed[m->from] = m->hash;
  }
}

}  // namespace vsm::agents::ledger
