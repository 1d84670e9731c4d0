#include "app/ledger_check.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <set>
#include <tuple>
#include <stdexcept>

#include "agents/ledger/row_seal.hpp"
#include "analysis/result_reader.hpp"
#include "core/input_error.hpp"
#include "core/isolation.hpp"

namespace vsm::app {

namespace ledger = agents::ledger;

namespace {

// Bit for bit: the table holds the very doubles the record was made from.
bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The columns of /trades that a ledger record holds (agents/ledger/block.hpp, TradeRecord).
struct TradeColumns {
  std::vector<double> t, latency_promised, latency_measured, reward, quality;
  std::vector<std::int64_t> round, server, vehicle, item, on_time, check_passed;
  ledger::TradeKey key(std::size_t row) const { return {round[row], server[row], vehicle[row]}; }
};

TradeColumns read_trades(const analysis::ResultReader& result, const std::string& path) {
  TradeColumns c;
  c.t = result.doubles("trades", "t");
  c.round = result.integers("trades", "round");
  c.server = result.integers("trades", "server");
  c.vehicle = result.integers("trades", "vehicle");
  c.item = result.integers("trades", "item");
  c.latency_promised = result.doubles("trades", "latency_promised");
  c.latency_measured = result.doubles("trades", "latency_measured");
  c.reward = result.doubles("trades", "reward");
  c.quality = result.doubles("trades", "quality");
  c.on_time = result.integers("trades", "on_time");
  c.check_passed = result.integers("trades", "check_passed");
  for (std::size_t n : {c.round.size(), c.server.size(), c.vehicle.size(), c.item.size(), c.latency_promised.size(),
                        c.latency_measured.size(), c.reward.size(), c.quality.size(), c.on_time.size(),
                        c.check_passed.size()})
    if (n != c.t.size()) throw core::InputError(path + ": /trades columns differ in length");
  return c;
}

// Each row of /trades must be exactly one committed record, found by the trade's key (a
// vehicle trades at most once per server and round), and each record must be a row.
std::vector<TableProblem> check_trades(const TradeColumns& c,
                                       const std::vector<std::pair<std::int64_t, ledger::TradeRecord>>& committed) {
  using Key = ledger::TradeKey;
  auto trade = [](const Key& k) {
    return "round " + std::to_string(std::get<0>(k)) + ", server " + std::to_string(std::get<1>(k)) + ", vehicle " +
           std::to_string(std::get<2>(k));
  };
  std::map<Key, std::pair<std::int64_t, const ledger::TradeRecord*>> by_key;
  std::vector<TableProblem> problems;
  for (const auto& [block, record] : committed)
    if (!by_key.emplace(ledger::trade_key(record), std::pair{block, &record}).second)
      problems.push_back({"trades", -1, "",
                          "block " + std::to_string(block) + " commits a second trade (" +
                              trade(ledger::trade_key(record)) + ")"});
  std::map<Key, std::vector<std::int64_t>> rows_of;
  for (std::size_t i = 0; i < c.t.size(); ++i)
    rows_of[c.key(i)].push_back(static_cast<std::int64_t>(i));
  std::set<Key> matched;
  for (std::size_t i = 0; i < c.t.size(); ++i) {
    const auto row = static_cast<std::int64_t>(i);
    const Key key = c.key(i);
    if (rows_of[key].size() > 1) {  // which of them is the record's cannot be told: all are reported
      matched.insert(key);
      problems.push_back({"trades", row, "round, server, vehicle",
                          std::to_string(rows_of[key].size()) + " rows claim the same trade (" + trade(key) + ")"});
      continue;
    }
    auto found = by_key.find(key);
    if (found == by_key.end()) {
      problems.push_back({"trades", row, "round, server, vehicle", "no committed record of this trade (" + trade(key) + ")"});
      continue;
    }
    matched.insert(key);
    const auto& [block, r] = found->second;
    auto differs = [&, block = block](const char* column) {
      problems.push_back({"trades", row, column, "differs from its record in block " + std::to_string(block)});
    };
    if (!same(c.t[i], r->t)) differs("t");
    if (c.item[i] != r->item) differs("item");
    if (!same(c.latency_promised[i], r->latency_promised)) differs("latency_promised");
    if (!same(c.latency_measured[i], r->latency_measured)) differs("latency_measured");
    if (!same(c.reward[i], r->reward)) differs("reward");
    if (!same(c.quality[i], r->quality)) differs("quality");
    if (c.on_time[i] != r->on_time) differs("on_time");
    if (c.check_passed[i] != r->check_passed) differs("check_passed");
  }
  for (const auto& [key, found] : by_key)
    if (!matched.count(key))
      problems.push_back({"trades", -1, "",
                          "block " + std::to_string(found.first) + " commits a trade that is not in /trades (" +
                              trade(key) + ")"});
  return problems;
}

// `text` as the N bytes it should hold in hex; false (and `out` untouched) when it does not.
template <std::size_t N>
bool parse_hex(const std::string& text, std::array<std::uint8_t, N>& out) {
  try {
    const auto bytes = ledger::from_hex(text);
    if (bytes.size() != N) return false;
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

// Every row of /trades as the seal encodes it (agents/ledger/row_seal.hpp): each column, in the
// file's order, as 8 little-endian bytes.
std::vector<ledger::Bytes> sealed_rows(const analysis::ResultReader& result) {
  std::vector<ledger::Bytes> rows(result.rows("trades"));
  auto append = [&rows](const auto& values) {
    for (std::size_t i = 0; i < values.size() && i < rows.size(); ++i) ledger::append_cell(rows[i], values[i]);
  };
  for (const auto& column : result.columns("trades")) {
    if (result.type("trades", column) == core::h5::ColumnType::Float64) append(result.doubles("trades", column));
    else append(result.integers("trades", column));
  }
  return rows;
}

// Each block's seal over its trades' rows, where the file has seals: a change to any byte of
// /trades, in a column the records hold or not, breaks its block's seal.
std::vector<TableProblem> check_seals(const std::vector<ledger::Block>& blocks, const std::vector<std::string>& seals,
                                      const std::vector<ledger::PublicKey>& keys, const TradeColumns& c,
                                      const std::vector<ledger::Bytes>& rows) {
  std::map<ledger::TradeKey, std::size_t> row_of;
  for (std::size_t i = 0; i < c.t.size(); ++i) row_of.emplace(c.key(i), i);
  std::vector<TableProblem> problems;
  for (std::size_t b = 0; b < blocks.size() && b < seals.size(); ++b) {
    const auto& block = blocks[b];
    if (block.height < 0) continue;  // unparsable: reported by the chain check
    std::vector<ledger::Bytes> sealed;
    std::vector<std::size_t> numbers;
    bool whole = true;
    for (const auto& bytes : block.records) {
      try {
        const auto record = ledger::decode_record(bytes);
        const auto found = row_of.find(ledger::trade_key(record));
        if (found == row_of.end() || found->second >= rows.size()) {
          whole = false;  // a missing row: reported by the trades check
          break;
        }
        sealed.push_back(rows[found->second]);
        numbers.push_back(found->second);
      } catch (const ledger::MalformedBlock&) {
        whole = false;
        break;
      }
    }
    if (!whole || static_cast<std::size_t>(block.producer) >= keys.size() || block.producer < 0) continue;
    ledger::Signature seal{};
    const bool readable = parse_hex(seals[b], seal);
    const auto digest = ledger::rows_digest(ledger::block_hash(block), sealed);
    if (readable && ledger::verify_signature(keys[static_cast<std::size_t>(block.producer)], digest, seal)) continue;
    std::sort(numbers.begin(), numbers.end());
    std::string which;
    for (std::size_t k = 0; k < numbers.size() && k < 8; ++k) which += (k ? ", " : "") + std::to_string(numbers[k]);
    if (numbers.size() > 8) which += ", ...";
    problems.push_back({"trades", -1, "",
                        "the rows of block " + std::to_string(b) + "'s trades (rows " + which +
                            ") are not what its producer sealed (/ledger rows_seal): a cell of one changed"});
  }
  return problems;
}

// Each block's bytes: /ledger_bytes at the row's raw_offset and raw_size (format 2), or the hex
// text of a `raw` column (format 1). Bytes that cannot be had are an empty block, which the
// chain check reports as malformed.
std::vector<ledger::Bytes> read_blocks(const analysis::ResultReader& result) {
  std::vector<ledger::Bytes> blocks;
  const auto columns = result.columns("ledger");
  if (std::find(columns.begin(), columns.end(), "raw") != columns.end()) {
    for (const auto& text : result.texts("ledger", "raw")) {
      try {
        blocks.push_back(ledger::from_hex(text));
      } catch (const std::invalid_argument&) {
        blocks.emplace_back();
      }
    }
    return blocks;
  }
  const auto offsets = result.integers("ledger", "raw_offset");
  const auto sizes = result.integers("ledger", "raw_size");
  const auto bytes = result.bytes("ledger_bytes", "byte");
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    const std::int64_t at = offsets[i], size = i < sizes.size() ? sizes[i] : -1;
    if (at < 0 || size < 0 || at > static_cast<std::int64_t>(bytes.size()) ||
        size > static_cast<std::int64_t>(bytes.size()) - at)
      blocks.emplace_back();
    else
      blocks.emplace_back(bytes.begin() + at, bytes.begin() + at + size);
  }
  return blocks;
}

}  // namespace

LedgerCheck check_ledger(const std::string& path) {
  std::vector<ledger::Bytes> blocks, rows;
  std::vector<std::string> hash, previous, merkle, keys_hex, seals;
  std::vector<std::int64_t> height, producer, records;
  std::vector<double> made, confirmed, latency;
  TradeColumns trades;
  try {
    analysis::ResultReader result(path);
    const auto tables = result.tables();
    if (std::find(tables.begin(), tables.end(), "ledger") == tables.end())
      throw core::InputError(path + ": holds no ledger (run with ledger.enabled: true)");
    blocks = read_blocks(result);
    hash = result.texts("ledger", "hash");
    previous = result.texts("ledger", "previous");
    merkle = result.texts("ledger", "merkle_root");
    height = result.integers("ledger", "height");
    producer = result.integers("ledger", "producer");
    records = result.integers("ledger", "records");
    keys_hex = result.texts("servers", "public_key");
    made = result.doubles("ledger", "t");
    confirmed = result.doubles("ledger", "t_confirmed");
    latency = result.doubles("ledger", "confirmation_latency");
    trades = read_trades(result, path);
    const auto ledger_columns = result.columns("ledger");
    if (std::find(ledger_columns.begin(), ledger_columns.end(), "rows_seal") != ledger_columns.end()) {
      seals = result.texts("ledger", "rows_seal");
      rows = sealed_rows(result);
    }
  } catch (const core::h5::Error& e) {
    throw core::InputError(e.what());
  }

  LedgerCheck check;
  std::vector<ledger::PublicKey> keys;
  for (const auto& k : keys_hex) {
    ledger::PublicKey key{};  // an unreadable key stays zero and verifies nothing: every block it signed is reported
    parse_hex(k, key);
    keys.push_back(key);
  }
  check.problems = ledger::verify_chain(blocks, keys);

  // The table's columns are an index of the blocks: they must agree with them.
  std::vector<std::pair<std::int64_t, ledger::TradeRecord>> committed;  // (block, record)
  std::vector<ledger::Block> parsed(blocks.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto at = static_cast<std::int64_t>(i);
    ledger::Block& block = parsed[i];
    try {
      block = ledger::parse_block(blocks[i]);
    } catch (const ledger::MalformedBlock&) {
      block.height = -1;
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
    if (!same(made[i], block.time)) differs("t");
    // When the last server appended the block is not in any block (docs: unattested), but the
    // latency is derived from it and must agree: a change to either alone shows.
    if (!same(latency[i], confirmed[i] - made[i]) || confirmed[i] < made[i])
      check.problems.push_back({at, "/ledger t_confirmed and confirmation_latency disagree (the latency is t_confirmed - t)"});
    for (const auto& bytes : block.records) {
      try {
        committed.emplace_back(at, ledger::decode_record(bytes));
      } catch (const ledger::MalformedBlock&) {
        // already reported by the chain check
      }
    }
  }
  check.trades = static_cast<std::int64_t>(trades.t.size());
  check.table_problems = check_trades(trades, committed);
  for (auto& problem : check_seals(parsed, seals, keys, trades, rows)) check.table_problems.push_back(std::move(problem));
  std::stable_sort(check.problems.begin(), check.problems.end(),
                   [](const auto& a, const auto& b) { return a.height < b.height; });
  check.blocks = static_cast<std::int64_t>(blocks.size());
  return check;
}

std::string ledger_verdict(const std::string& path) {
  const auto read = core::run_isolated([&](std::string& verdict) {
    const auto tables = analysis::ResultReader(path).tables();
    if (std::find(tables.begin(), tables.end(), "ledger") == tables.end()) verdict = "no ledger";
    else verdict = check_ledger(path).verified() ? "verified" : "not verified";
    return 0;
  });
  return read.returned() ? read.output : "unreadable";
}

}  // namespace vsm::app
