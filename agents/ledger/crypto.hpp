#pragma once
// The ledger's cryptography, all of it OpenSSL's (libcrypto): SHA-256 digests and Ed25519
// signatures. Nothing here is hand-written cryptography; this file only adapts the API.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vsm::agents::ledger {

using Bytes = std::vector<std::uint8_t>;
using Digest = std::array<std::uint8_t, 32>;
using PublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

Digest sha256(std::span<const std::uint8_t> data);
std::string to_hex(std::span<const std::uint8_t> data);
Bytes from_hex(const std::string& text);  // throws std::invalid_argument on a non-hex text

// An Ed25519 key pair. Servers derive theirs from the run seed, so a run is reproducible;
// the keys protect the record of the run against later edits, not secrets.
class SigningKey {
 public:
  explicit SigningKey(const std::array<std::uint8_t, 32>& seed);
  const PublicKey& public_key() const { return public_key_; }
  Signature sign(std::span<const std::uint8_t> message) const;

 private:
  std::array<std::uint8_t, 32> seed_;
  PublicKey public_key_{};
};

bool verify_signature(const PublicKey& key, std::span<const std::uint8_t> message, const Signature& signature);

}  // namespace vsm::agents::ledger
