// The ledger end to end: every trade of a run is in blocks that every server agrees on, by
// either protocol, `vsm ledger verify` passes a clean file and names the block of any altered
// byte, and agreement takes longer over slower backhauls, by the hops each protocol makes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

class Ledger : public VsmTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(vsm({"run", highway, "-o", "h.h5", "-q", "--set", "duration=120"}).exit_code, 0);
  }
  // Runs python on the file to change one value of a /ledger text column in place.
  void edit(const std::string& file, const std::string& python) {
    auto r = run({"/usr/bin/python3", "-c",
                  "import h5py\nf = h5py.File('" + file + "', 'r+')\n" + python + "\nf.close()\n"},
                 dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string highway = source_path("scenarios/highway.yaml");
  // Mean confirmation latency of a 120 s highway run whose three backhauls have `latency`.
  double mean_confirmation(const std::string& name, const std::string& latency, std::vector<std::string> args) {
    args.insert(args.begin(), {"run", highway, "-o", name, "-q", "--set", "duration=120"});
    for (int s = 0; s < 3; ++s) {
      args.push_back("--set");
      args.push_back("edge_servers." + std::to_string(s) + ".backhaul.latency=" + latency);
    }
    EXPECT_EQ(vsm(args).exit_code, 0);
    auto l = analysis::ResultReader(dir + "/" + name).doubles("ledger", "confirmation_latency");
    return std::accumulate(l.begin(), l.end(), 0.0) / static_cast<double>(l.size());
  }
};

TEST_F(Ledger, EveryTradeIsInABlockThatEveryServerAppended) {
  analysis::ResultReader result(dir + "/h.h5");
  auto records = result.integers("ledger", "records");
  EXPECT_EQ(std::accumulate(records.begin(), records.end(), std::int64_t{0}),
            static_cast<std::int64_t>(result.doubles("trades", "t").size()));
  auto heights = result.integers("ledger", "height");
  ASSERT_EQ(heights.size(), 12u);  // a block every 10 s round period, the last at 120 s
  for (std::size_t h = 0; h < heights.size(); ++h) EXPECT_EQ(heights[h], static_cast<std::int64_t>(h));
  auto producers = result.integers("ledger", "producer");
  for (std::size_t h = 0; h < producers.size(); ++h) EXPECT_EQ(producers[h], static_cast<std::int64_t>(h % 3));
  // The same chain on all three servers: as long, with the same last block.
  auto blocks = result.integers("ledger_replicas", "blocks");
  auto tips = result.texts("ledger_replicas", "tip");
  ASSERT_EQ(blocks.size(), 3u);
  for (std::size_t s = 0; s < 3; ++s) {
    EXPECT_EQ(blocks[s], 12);
    EXPECT_EQ(tips[s], result.texts("ledger", "hash").back());
  }
}

TEST_F(Ledger, VerifyPassesACleanFileAndNamesTheBlockOfAnyAlteredByte) {
  auto clean = vsm({"ledger", "verify", "h.h5"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_THAT(clean.out, HasSubstr("ledger verified: 12 blocks"));

  // One bit of one byte in block 5's bytes: a record (past the 156-byte header and signature,
  // the 4-byte count and a record's 4-byte length), in the header, in the signature.
  for (int offset : {170, 10, 100}) {
    std::filesystem::copy_file(dir + "/h.h5", dir + "/t.h5", std::filesystem::copy_options::overwrite_existing);
    edit("t.h5", "at = int(f['ledger/raw_offset'][5]) + " + std::to_string(offset) +
                     "\nb = f['ledger_bytes/byte']\nb[at] = b[at] ^ 1");
    auto r = vsm({"ledger", "verify", "t.h5"});
    EXPECT_EQ(r.exit_code, 3) << "offset " << offset;
    EXPECT_THAT(r.out, HasSubstr("t.h5: block 5: ")) << "offset " << offset;
    EXPECT_THAT(r.out, ::testing::Not(HasSubstr("block 4:"))) << "offset " << offset;
  }
  // The index columns must agree with the blocks too.
  std::filesystem::copy_file(dir + "/h.h5", dir + "/t.h5", std::filesystem::copy_options::overwrite_existing);
  edit("t.h5", "c = f['ledger/merkle_root']\nc[7] = ('0' if c[7].decode()[0] != '0' else '1') + c[7].decode()[1:]");
  auto r = vsm({"ledger", "verify", "t.h5", "--json"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.out, HasSubstr("{\"height\":7,\"problem\":\"/ledger merkle_root differs from the block\"}"));
}

TEST_F(Ledger, VerifyRejectsAFileWithoutALedger) {
  ASSERT_EQ(vsm({"run", highway, "-o", "off.h5", "-q", "--set", "duration=20", "--set", "ledger.enabled=false"}).exit_code, 0);
  auto r = vsm({"ledger", "verify", "off.h5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("off.h5: holds no ledger"));
  EXPECT_EQ(vsm({"ledger", "verify", "missing.h5"}).exit_code, 2);
}

TEST_F(Ledger, ConfirmationTakesEightBackhaulCrossingsMore) {
  // Batch, pre-prepare, prepare and commit each go server -> cloud -> server: 8 one-way
  // backhaul latencies per block, the rest (transfer times) unchanged.
  const double fast = mean_confirmation("fast.h5", "0.001", {});
  const double slow = mean_confirmation("slow.h5", "0.05", {});
  EXPECT_NEAR(slow - fast, 8 * 0.049, 0.02);
  EXPECT_GT(fast, 8 * 0.001);
}

TEST_F(Ledger, ACommitteeLedgerIsOnEveryServerVerifiesAndACommitteeOfOneTakesFourCrossings) {
  ASSERT_EQ(vsm({"run", highway, "-o", "c.h5", "-q", "--set", "duration=120", "--set", "ledger.protocol=committee",
                 "--set", "ledger.committee_size=2"}).exit_code, 0);
  analysis::ResultReader result(dir + "/c.h5");
  EXPECT_EQ(result.integers("ledger_replicas", "blocks"), (std::vector<std::int64_t>{12, 12, 12}));
  for (const auto& tip : result.texts("ledger_replicas", "tip")) EXPECT_EQ(tip, result.texts("ledger", "hash").back());
  auto verified = vsm({"ledger", "verify", "c.h5"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;

  // A committee of the producer alone: batch in, then the block and its certificate out to the
  // other two (2 crossings each way), 4 one-way latencies.
  const std::vector<std::string> one = {"--set", "ledger.protocol=committee", "--set", "ledger.committee_size=1"};
  const double fast = mean_confirmation("fast1.h5", "0.001", one);
  const double slow = mean_confirmation("slow1.h5", "0.05", one);
  EXPECT_NEAR(slow - fast, 4 * 0.049, 0.02);
}

}  // namespace
}  // namespace vsm::testing
