#include "agents/ledger/block.hpp"

#include <bit>
#include <cstring>
#include <type_traits>

namespace vsm::agents::ledger {
namespace {

static_assert(std::endian::native == std::endian::little, "the ledger's byte layout assumes a little-endian host");

template <class T>
void put(Bytes& out, T value) {
  static_assert(std::is_arithmetic_v<T>, "numbers only; byte strings go through put_bytes");
  std::uint8_t raw[sizeof(T)];
  std::memcpy(raw, &value, sizeof(T));
  out.insert(out.end(), raw, raw + sizeof(T));
}

void put_bytes(Bytes& out, std::span<const std::uint8_t> bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

// Reads fixed-width fields in order; running past the end is a malformed block.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    T value;
    std::memcpy(&value, take(sizeof(T)).data(), sizeof(T));
    return value;
  }
  template <std::size_t N>
  std::array<std::uint8_t, N> get_array() {
    std::array<std::uint8_t, N> value;
    auto raw = take(N);
    std::copy(raw.begin(), raw.end(), value.begin());
    return value;
  }
  std::span<const std::uint8_t> take(std::size_t n) {
    if (n > bytes_.size() - at_) throw MalformedBlock("block ends early (needs " + std::to_string(at_ + n) + " bytes, has " + std::to_string(bytes_.size()) + ")");
    auto part = bytes_.subspan(at_, n);
    at_ += n;
    return part;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

Digest hash_with_prefix(std::uint8_t prefix, std::span<const std::uint8_t> a, std::span<const std::uint8_t> b = {}) {
  Bytes data;
  data.reserve(1 + a.size() + b.size());
  data.push_back(prefix);
  put_bytes(data, a);
  put_bytes(data, b);
  return sha256(data);
}

}  // namespace

Bytes encode(const TradeRecord& r) {
  Bytes out;
  out.reserve(88);
  put(out, r.t);
  put(out, r.round);
  put(out, r.server);
  put(out, r.vehicle);
  put(out, r.item);
  put(out, r.latency_promised);
  put(out, r.latency_measured);
  put(out, r.reward);
  put(out, r.quality);
  put(out, r.on_time);
  put(out, r.check_passed);
  return out;
}

TradeRecord decode_record(std::span<const std::uint8_t> bytes) {
  Reader in(bytes);
  TradeRecord r;
  r.t = in.get<double>();
  r.round = in.get<std::int64_t>();
  r.server = in.get<std::int64_t>();
  r.vehicle = in.get<std::int64_t>();
  r.item = in.get<std::int64_t>();
  r.latency_promised = in.get<double>();
  r.latency_measured = in.get<double>();
  r.reward = in.get<double>();
  r.quality = in.get<double>();
  r.on_time = in.get<std::int64_t>();
  r.check_passed = in.get<std::int64_t>();
  if (!in.done()) throw MalformedBlock("a trade record is longer than 88 bytes");
  return r;
}

Digest merkle_root(const std::vector<Bytes>& leaves) {
  if (leaves.empty()) return sha256({});
  std::vector<Digest> level;
  for (const auto& leaf : leaves) level.push_back(hash_with_prefix(0x00, leaf));
  while (level.size() > 1) {
    std::vector<Digest> up;
    for (std::size_t i = 0; i + 1 < level.size(); i += 2) up.push_back(hash_with_prefix(0x01, level[i], level[i + 1]));
    if (level.size() % 2 == 1) up.push_back(level.back());
    level = std::move(up);
  }
  return level.front();
}

Bytes header_bytes(const Block& b) {
  Bytes out;
  out.reserve(88);
  put(out, b.height);
  put_bytes(out, b.previous);
  put_bytes(out, b.merkle_root);
  put(out, b.time);
  put(out, b.producer);
  return out;
}

Digest block_hash(const Block& b) {
  Bytes data = header_bytes(b);
  put_bytes(data, b.signature);
  return sha256(data);
}

Block make_block(std::int64_t height, const Digest& previous, double time, std::int64_t producer,
                 std::vector<Bytes> records, const SigningKey& key) {
  Block b;
  b.height = height;
  b.previous = previous;
  b.merkle_root = merkle_root(records);
  b.time = time;
  b.producer = producer;
  b.records = std::move(records);
  b.signature = key.sign(header_bytes(b));
  return b;
}

Bytes serialize(const Block& b) {
  Bytes out = header_bytes(b);
  put_bytes(out, b.signature);
  put(out, static_cast<std::uint32_t>(b.records.size()));
  for (const auto& r : b.records) {
    put(out, static_cast<std::uint32_t>(r.size()));
    put_bytes(out, r);
  }
  return out;
}

Block parse_block(std::span<const std::uint8_t> bytes) {
  Reader in(bytes);
  Block b;
  b.height = in.get<std::int64_t>();
  b.previous = in.get_array<32>();
  b.merkle_root = in.get_array<32>();
  b.time = in.get<double>();
  b.producer = in.get<std::int64_t>();
  b.signature = in.get_array<64>();
  const auto count = in.get<std::uint32_t>();
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto size = in.get<std::uint32_t>();
    auto record = in.take(size);
    b.records.emplace_back(record.begin(), record.end());
  }
  if (!in.done()) throw MalformedBlock("bytes after the last record");
  return b;
}

}  // namespace vsm::agents::ledger
