#include "app/ledger_check.hpp"

#include <algorithm>
#include <stdexcept>

#include "analysis/result_reader.hpp"
#include "core/input_error.hpp"

namespace vsm::app {

namespace ledger = agents::ledger;

LedgerCheck check_ledger(const std::string& path) {
  std::vector<std::string> raw, hash, previous, merkle, keys_hex;
  std::vector<std::int64_t> height, producer, records;
  try {
    analysis::ResultReader result(path);
    const auto tables = result.tables();
    if (std::find(tables.begin(), tables.end(), "ledger") == tables.end())
      throw core::InputError(path + ": holds no ledger (run with ledger.enabled: true)");
    raw = result.texts("ledger", "raw");
    hash = result.texts("ledger", "hash");
    previous = result.texts("ledger", "previous");
    merkle = result.texts("ledger", "merkle_root");
    height = result.integers("ledger", "height");
    producer = result.integers("ledger", "producer");
    records = result.integers("ledger", "records");
    keys_hex = result.texts("servers", "public_key");
  } catch (const core::h5::Error& e) {
    throw core::InputError(e.what());
  }

  LedgerCheck check;
  std::vector<ledger::PublicKey> keys;
  for (const auto& k : keys_hex) {
    ledger::PublicKey key{};
    try {
      const auto bytes = ledger::from_hex(k);
      if (bytes.size() == key.size()) std::copy(bytes.begin(), bytes.end(), key.begin());
    } catch (const std::invalid_argument&) {
      // an unreadable key verifies nothing: every block it signed is reported
    }
    keys.push_back(key);
  }
  std::vector<ledger::Bytes> blocks;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    try {
      blocks.push_back(ledger::from_hex(raw[i]));
    } catch (const std::invalid_argument&) {
      blocks.emplace_back();  // reported as malformed by the chain check
    }
  }
  check.problems = ledger::verify_chain(blocks, keys);

  // The table's columns are an index of the blocks: they must agree with them.
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto at = static_cast<std::int64_t>(i);
    ledger::Block block;
    try {
      block = ledger::parse_block(blocks[i]);
    } catch (const ledger::MalformedBlock&) {
      continue;  // already reported
    }
    check.records += static_cast<std::int64_t>(block.records.size());
    auto differs = [&](const std::string& column) { check.problems.push_back({at, "/ledger " + column + " differs from the block"}); };
    if (height[i] != block.height) differs("height");
    if (producer[i] != block.producer) differs("producer");
    if (records[i] != static_cast<std::int64_t>(block.records.size())) differs("records");
    if (hash[i] != ledger::to_hex(ledger::block_hash(block))) differs("hash");
    if (previous[i] != ledger::to_hex(block.previous)) differs("previous");
    if (merkle[i] != ledger::to_hex(block.merkle_root)) differs("merkle_root");
  }
  std::stable_sort(check.problems.begin(), check.problems.end(),
                   [](const auto& a, const auto& b) { return a.height < b.height; });
  check.blocks = static_cast<std::int64_t>(blocks.size());
  return check;
}

}  // namespace vsm::app
