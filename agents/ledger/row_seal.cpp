#include "agents/ledger/row_seal.hpp"

#include <cstring>
#include <stdexcept>
#include <variant>

namespace vsm::agents::ledger {

void append_cell(Bytes& out, std::int64_t value) {
  const auto bits = static_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}

void append_cell(Bytes& out, double value) {
  std::int64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  append_cell(out, bits);
}

Bytes row_bytes(const sim::TradeRow& row) {
  static const auto columns = sim::trade_columns();  // built once: a run seals every trade
  Bytes out;
  out.reserve(8 * columns.size());
  for (const auto& column : columns)
    std::visit(
        [&](auto member) {
          using Value = std::remove_cvref_t<decltype(row.*member)>;
          if constexpr (std::is_same_v<Value, double> || std::is_same_v<Value, std::int64_t>) {
            append_cell(out, row.*member);
          } else {
            throw std::logic_error("a /trades column that is not 8 bytes cannot be sealed");
          }
        },
        column.field);
  return out;
}

Digest rows_digest(const Digest& block_hash, const std::vector<Bytes>& rows) {
  Bytes message(block_hash.begin(), block_hash.end());
  for (const auto& row : rows) message.insert(message.end(), row.begin(), row.end());
  return sha256(message);
}

void UnsealedRows::add(const sim::TradeRow& row) { rows_[{row.round, row.server, row.vehicle}] = row_bytes(row); }

Signature UnsealedRows::seal(const Block& block, const SigningKey& producer) {
  std::vector<Bytes> rows;
  for (const auto& bytes : block.records) {
    const TradeRecord record = decode_record(bytes);
    const auto found = rows_.find(trade_key(record));
    if (found == rows_.end()) continue;  // cannot happen: every record is a row first
    rows.push_back(std::move(found->second));
    rows_.erase(found);
  }
  const Digest digest = rows_digest(block_hash(block), rows);
  return producer.sign(digest);
}

}  // namespace vsm::agents::ledger
