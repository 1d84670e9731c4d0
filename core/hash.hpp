#pragma once
// FNV-1a, 64 bits: a stable hash of text (names of random streams, ids of sweep points).

#include <cstdint>
#include <string_view>

namespace vsm::core {

inline std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace vsm::core
