// The ledger's blocks: OpenSSL wrappers against published test vectors, the Merkle tree against
// its definition, a chain in which every single flipped byte is caught at its block, and who
// votes on a block under each protocol.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "agents/ledger/chain.hpp"
#include "agents/ledger/replica.hpp"
#include "agents/ledger/row_seal.hpp"
#include "app/scenario_loading.hpp"

namespace vsm::agents::ledger {
namespace {

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

TEST(LedgerCrypto, Sha256AndEd25519MatchPublishedVectors) {
  // FIPS 180-2 "abc"; RFC 8032 section 7.1, test 1 (empty message).
  EXPECT_EQ(to_hex(sha256(text("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::array<std::uint8_t, 32> seed{};
  auto secret = from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  std::copy(secret.begin(), secret.end(), seed.begin());
  SigningKey key(seed);
  EXPECT_EQ(to_hex(key.public_key()), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto signature = key.sign({});
  EXPECT_EQ(to_hex(signature),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(verify_signature(key.public_key(), {}, signature));
  signature[3] ^= 1;
  EXPECT_FALSE(verify_signature(key.public_key(), {}, signature));
}

TEST(LedgerMerkle, RootFollowsRfc6962) {
  auto leaf = [](const Bytes& b) {
    Bytes d{0x00};
    d.insert(d.end(), b.begin(), b.end());
    return sha256(d);
  };
  auto node = [](const Digest& l, const Digest& r) {
    Bytes d{0x01};
    d.insert(d.end(), l.begin(), l.end());
    d.insert(d.end(), r.begin(), r.end());
    return sha256(d);
  };
  const Bytes a = text("a"), b = text("b"), c = text("c");
  EXPECT_EQ(merkle_root({}), sha256({}));
  EXPECT_EQ(merkle_root({a}), leaf(a));
  EXPECT_EQ(merkle_root({a, b}), node(leaf(a), leaf(b)));
  EXPECT_EQ(merkle_root({a, b, c}), node(node(leaf(a), leaf(b)), leaf(c)));
  EXPECT_NE(merkle_root({a, b}), merkle_root({b, a}));
}

TEST(LedgerBlock, RecordsAndBlocksRoundTripThroughBytes) {
  TradeRecord r{12.5, 3, 1, 42, 0, 47.4, 1.4, 2.16, 150, 1, 1};
  Bytes bytes = encode(r);
  ASSERT_EQ(bytes.size(), 88u);
  TradeRecord back = decode_record(bytes);
  EXPECT_EQ(back.vehicle, 42);
  EXPECT_EQ(back.reward, 2.16);
  EXPECT_EQ(encode(back), bytes);

  SigningKey key(std::array<std::uint8_t, 32>{7});
  Block block = make_block(5, sha256(text("parent")), 30, 1, {bytes, encode(TradeRecord{})}, key);
  Block parsed = parse_block(serialize(block));
  EXPECT_EQ(serialize(parsed), serialize(block));
  EXPECT_EQ(block_hash(parsed), block_hash(block));
  Bytes cut = serialize(block);
  cut.pop_back();
  EXPECT_THROW(parse_block(cut), MalformedBlock);
}

class LedgerChain : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint8_t p = 0; p < 2; ++p) {
      std::array<std::uint8_t, 32> seed{};
      seed[0] = p + 1;
      keys.emplace_back(seed);
      public_keys.push_back(keys.back().public_key());
    }
    Digest previous{};
    for (std::int64_t h = 0; h < 4; ++h) {
      std::vector<Bytes> records;
      for (std::int64_t i = 0; i < h + (h == 3 ? 2 : 0); ++i)
        records.push_back(encode(TradeRecord{10.0 * static_cast<double>(h), h, h % 2, i, 0, 47, 1.5, 2, 100, 1, 1}));
      Block b = make_block(h, previous, 10.0 * static_cast<double>(h), h % 2, records, keys[static_cast<std::size_t>(h % 2)]);
      previous = block_hash(b);
      chain.push_back(serialize(b));
    }
  }
  std::vector<SigningKey> keys;
  std::vector<PublicKey> public_keys;
  std::vector<Bytes> chain;
};

TEST_F(LedgerChain, ACleanChainVerifies) { EXPECT_TRUE(verify_chain(chain, public_keys).empty()); }

TEST_F(LedgerChain, EverySingleFlippedByteIsCaughtAtItsBlock) {
  std::size_t flips = 0;
  for (std::size_t block = 0; block < chain.size(); ++block) {
    for (std::size_t byte = 0; byte < chain[block].size(); ++byte) {
      auto tampered = chain;
      tampered[block][byte] ^= 0x01;
      auto problems = verify_chain(tampered, public_keys);
      ASSERT_FALSE(problems.empty()) << "block " << block << " byte " << byte;
      EXPECT_EQ(problems.front().height, static_cast<std::int64_t>(block)) << "byte " << byte;
      ++flips;
    }
  }
  EXPECT_GT(flips, 700u);
}

TEST_F(LedgerChain, ReorderedOrDroppedBlocksAndForeignSignersAreCaught) {
  auto swapped = chain;
  std::swap(swapped[1], swapped[2]);
  EXPECT_FALSE(verify_chain(swapped, public_keys).empty());
  auto dropped = chain;
  dropped.erase(dropped.begin() + 1);
  EXPECT_EQ(verify_chain(dropped, public_keys).front().height, 1);
  auto other_keys = public_keys;
  std::swap(other_keys[0], other_keys[1]);
  EXPECT_EQ(verify_chain(chain, other_keys).front().what, "producer's signature does not verify");
}

// A block's seal covers every column of its trades' rows, in the block's record order.
TEST(LedgerSeal, ASealVerifiesItsBlocksRowsAndNoOthers) {
  SigningKey key(std::array<std::uint8_t, 32>{9});
  sim::TradeRow first, second;
  first.round = second.round = 3;
  first.vehicle = 1;
  second.vehicle = 2;
  first.theta = 10.5;
  second.malicious = 1;
  auto record = [](const sim::TradeRow& r) {
    return encode(TradeRecord{r.t, r.round, r.server, r.vehicle, r.item, r.latency_promised, r.latency_measured,
                              r.reward, r.quality, r.on_time, r.check_passed});
  };
  Block block = make_block(0, Digest{}, 30, 0, {record(second), record(first)}, key);
  UnsealedRows unsealed;
  unsealed.add(first);
  unsealed.add(second);
  const Signature seal = unsealed.seal(block, key);
  EXPECT_EQ(row_bytes(first).size(), sim::trade_columns().size() * 8);
  auto sealed = [&](const std::vector<Bytes>& rows) {
    return verify_signature(key.public_key(), rows_digest(block_hash(block), rows), seal);
  };
  EXPECT_TRUE(sealed({row_bytes(second), row_bytes(first)}));
  EXPECT_FALSE(sealed({row_bytes(first), row_bytes(second)}));  // another order
  sim::TradeRow changed = first;
  changed.theta = std::nextafter(first.theta, 100.0);  // a column no record holds, by one ulp
  EXPECT_FALSE(sealed({row_bytes(second), row_bytes(changed)}));
  changed = second;
  changed.malicious = 0;
  EXPECT_FALSE(sealed({row_bytes(changed), row_bytes(first)}));
}

TEST(LedgerValidators, PbftAsksEveryServerAndACommitteeIsItsProducerAndAUniformDraw) {
  auto city = [](std::vector<std::string> overrides) {
    return app::load_scenario(VSM_SOURCE_DIR "/scenarios/city-10k.yaml", overrides, std::nullopt);
  };
  const auto pbft = city({});
  for (std::int64_t h : {0, 7, 59}) EXPECT_EQ(validators(pbft, h).size(), 20u);
  EXPECT_EQ(validators(city({"ledger.protocol=committee", "ledger.committee_size=20"}), 3).size(), 20u);

  const auto committee = city({"ledger.protocol=committee", "ledger.committee_size=5"});
  std::vector<int> seats(20, 0);
  constexpr int kBlocks = 4000;
  for (std::int64_t h = 0; h < kBlocks; ++h) {
    const auto v = validators(committee, h);
    ASSERT_EQ(v.size(), 5u);
    ASSERT_TRUE(std::is_sorted(v.begin(), v.end()));
    ASSERT_EQ(std::adjacent_find(v.begin(), v.end()), v.end()) << "a server twice, block " << h;
    ASSERT_TRUE(std::binary_search(v.begin(), v.end(), static_cast<std::size_t>(h % 20))) << "no producer, block " << h;
    EXPECT_EQ(v, validators(committee, h));  // every replica finds the same committee
    for (std::size_t s : v) ++seats[s];
  }
  // Each server produces 1 block in 20 and sits on 4 of the other 19 at random: 4000 (1/20 +
  // 19/20 x 4/19) = 1000 seats; a binomial of sd ~29 stays within 150 of it.
  for (std::size_t s = 0; s < seats.size(); ++s) EXPECT_NEAR(seats[s], 1000, 150) << "server " << s;
  EXPECT_NE(validators(committee, 1), validators(committee, 21));  // same producer, another draw
  EXPECT_NE(validators(committee, 1), validators(city({"seed=2", "ledger.protocol=committee",
                                                       "ledger.committee_size=5"}), 1));
}

}  // namespace
}  // namespace vsm::agents::ledger
