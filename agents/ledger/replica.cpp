#include "agents/ledger/replica.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <simgrid/s4u.hpp>

#include "agents/ledger/ledger_spec.hpp"
#include "core/random_stream.hpp"

namespace sg4 = simgrid::s4u;

namespace vsm::agents::ledger {

struct LedgerMessage {
  enum class Kind { Batch, PrePrepare, Prepare, Commit, Decide } kind = Kind::Batch;
  std::int64_t height = 0;
  std::size_t from = 0;
  std::vector<Bytes> records;                // Batch
  std::shared_ptr<const Proposal> proposal;  // PrePrepare, Decide
  Digest hash{};                             // Prepare, Commit
  std::vector<std::size_t> certificate;      // Decide: the validators whose commits name the block
};

namespace {

constexpr double kVoteBytes = 128;  // a prepare or commit: height, hash, sender, signature

std::size_t quorum(std::size_t validators) { return 2 * validators / 3 + 1; }

}  // namespace

Proposal::Proposal(Bytes b, const std::vector<PublicKey>& keys) : bytes(std::move(b)) {
  try {
    block = parse_block(bytes);
  } catch (const MalformedBlock&) {
    return;  // not sound
  }
  hash = block_hash(block);
  const auto producer = static_cast<std::size_t>(block.producer);
  sound = block.producer >= 0 && producer < keys.size() && block.merkle_root == merkle_root(block.records) &&
          verify_signature(keys[producer], header_bytes(block), block.signature);
}

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

std::vector<std::size_t> validators(const sim::Scenario& scenario, std::int64_t height) {
  const std::size_t servers = scenario.edge_servers.size();
  const auto& spec = scenario.section<LedgerSpec>();
  const auto size = static_cast<std::size_t>(spec.committee_size);
  std::vector<std::size_t> all(servers);
  std::iota(all.begin(), all.end(), std::size_t{0});
  if (spec.protocol == "pbft" || size >= servers) return all;
  // The producer first, then a partial Fisher-Yates shuffle of the others.
  std::swap(all[0], all[static_cast<std::size_t>(height) % servers]);
  core::RandomStream stream(scenario.seed, "ledger.committee." + std::to_string(height));
  for (std::size_t i = 1; i < size; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(stream.uniform() * static_cast<double>(servers - i));
    std::swap(all[i], all[j]);
  }
  all.resize(size);
  std::sort(all.begin(), all.end());
  return all;
}

Replica::Replica(const sim::Scenario& scenario, std::size_t index, SigningKey key, std::vector<PublicKey> keys,
                 OnCommit on_commit)
    : scenario_(scenario),
      index_(index),
      servers_(scenario.edge_servers.size()),
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

void Replica::send_to(const std::vector<std::size_t>& servers, const LedgerMessage& message, double bytes) {
  for (std::size_t to : servers)
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

bool Replica::acceptable(const Proposal& proposal, std::int64_t height) const {
  const Block& block = proposal.block;
  return proposal.sound && block.height == height && block.previous == tip() &&
         block.producer == static_cast<std::int64_t>(static_cast<std::size_t>(height) % servers_);
}

void Replica::append(const Proposal& proposal) {
  chain_.push_back(proposal.hash);
  on_commit_(proposal.block, proposal.bytes, sg4::Engine::get_clock());
}

void Replica::agree(std::int64_t height, double created) {
  const std::size_t producer = static_cast<std::size_t>(height) % servers_;
  const std::vector<std::size_t> voters = validators(scenario_, height);
  std::vector<std::vector<Bytes>> batches(servers_);
  std::set<std::size_t> batch_from;
  std::map<std::size_t, Digest> prepared, committed;  // votes by sender, for the hash they name
  std::shared_ptr<const Proposal> held;               // the block this replica votes for
  bool sent_commit = false;

  // My records of the period go to the producer.
  batches[index_] = std::move(pending_);
  pending_.clear();
  if (index_ != producer) {
    auto batch = std::make_unique<LedgerMessage>();
    batch->kind = LedgerMessage::Kind::Batch;
    batch->height = height;
    batch->from = index_;
    batch->records = std::move(batches[index_]);
    const double bytes = 64 + 88.0 * static_cast<double>(batch->records.size());
    send(producer, std::move(batch), bytes);
  }
  if (!std::binary_search(voters.begin(), voters.end(), index_)) return take_certified(height, voters);
  batch_from.insert(index_);

  auto propose_when_ready = [&] {
    if (index_ != producer || held || batch_from.size() < servers_) return;
    std::vector<Bytes> records;
    for (auto& b : batches) std::move(b.begin(), b.end(), std::back_inserter(records));
    const Block made = make_block(height, tip(), created, static_cast<std::int64_t>(index_), std::move(records), key_);
    held = std::make_shared<const Proposal>(serialize(made), keys_);
    send_to(voters, LedgerMessage{LedgerMessage::Kind::PrePrepare, height, index_, {}, held, {}, {}},
            static_cast<double>(held->bytes.size()));
  };
  auto vote = [&](LedgerMessage::Kind kind, std::map<std::size_t, Digest>& votes) {
    votes[index_] = held->hash;
    send_to(voters, LedgerMessage{kind, height, index_, {}, {}, held->hash, {}}, kVoteBytes);
  };
  // Votes count only for the block this replica holds (votes may arrive before the block).
  auto count = [&](const std::map<std::size_t, Digest>& votes) {
    if (!held) return std::size_t{0};
    return static_cast<std::size_t>(
        std::count_if(votes.begin(), votes.end(), [&](const auto& v) { return v.second == held->hash; }));
  };
  propose_when_ready();
  if (held) vote(LedgerMessage::Kind::Prepare, prepared);

  while (count(committed) < quorum(voters.size())) {
    if (count(prepared) >= quorum(voters.size()) && !sent_commit) {
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
        if (held) vote(LedgerMessage::Kind::Prepare, prepared);
        break;
      case LedgerMessage::Kind::PrePrepare:
        if (held || !acceptable(*m->proposal, height)) break;  // a bad proposal gets no vote
        held = m->proposal;
        vote(LedgerMessage::Kind::Prepare, prepared);
        break;
      case LedgerMessage::Kind::Prepare:
        prepared[m->from] = m->hash;
        break;
      case LedgerMessage::Kind::Commit:
        committed[m->from] = m->hash;
        break;
      case LedgerMessage::Kind::Decide:
        break;  // only sent to servers outside the validators
    }
  }
  append(*held);

  // The producer hands the block and its certificate to the servers that did not vote.
  if (index_ == producer && voters.size() < servers_) {
    LedgerMessage decide{LedgerMessage::Kind::Decide, height, index_, {}, held, {}, {}};
    for (const auto& [from, hash] : committed)
      if (hash == held->hash) decide.certificate.push_back(from);
    std::vector<std::size_t> others;
    for (std::size_t s = 0; s < servers_; ++s)
      if (!std::binary_search(voters.begin(), voters.end(), s)) others.push_back(s);
    send_to(others, decide,
            static_cast<double>(held->bytes.size()) + kVoteBytes * static_cast<double>(decide.certificate.size()));
  }

  // Hear out the votes still on their way, so no message outlives the run in a mailbox.
  while (prepared.size() < voters.size() || committed.size() < voters.size()) {
    auto m = next_message(height);
    if (m->kind == LedgerMessage::Kind::Prepare) prepared[m->from] = m->hash;
    if (m->kind == LedgerMessage::Kind::Commit) committed[m->from] = m->hash;
  }
}

// A server outside the block's validators appends the block the producer sends it once the
// block checks and a quorum of the validators committed to it.
void Replica::take_certified(std::int64_t height, const std::vector<std::size_t>& voters) {
  for (;;) {
    auto m = next_message(height);
    if (m->kind != LedgerMessage::Kind::Decide || !acceptable(*m->proposal, height)) continue;
    std::set<std::size_t> signers;
    for (std::size_t s : m->certificate)
      if (std::binary_search(voters.begin(), voters.end(), s)) signers.insert(s);
    if (signers.size() < quorum(voters.size())) continue;
    append(*m->proposal);
    return;
  }
}

}  // namespace vsm::agents::ledger
