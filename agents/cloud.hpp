#pragma once
// The cloud: where the edge servers report each market round, over their wired backhaul. It
// keeps the market-wide totals; the ledger (blockchain layer) will build on these reports.

#include <cstdint>

namespace vsm::agents {

inline constexpr const char* kCloudMailbox = "cloud";
inline constexpr std::uint64_t kRoundReportBytes = 1000;

struct RoundReport {
  std::int64_t server = 0, round = 0;
  double megabytes = 0;  // data that arrived in the round
};

class Cloud {
 public:
  // The actor body: receives reports until the run ends (a daemon).
  void operator()();

  std::int64_t reports() const { return reports_; }
  double megabytes() const { return megabytes_; }

 private:
  std::int64_t reports_ = 0;
  double megabytes_ = 0;
};

}  // namespace vsm::agents
