#pragma once
// The result file layout (README "Result files"): one row struct per table and its columns with
// their stable names and units. Bump kFormatVersion when a documented column changes meaning.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/result_file.hpp"

namespace vsm::sim {

inline constexpr std::int64_t kFormatVersion = 3;

// Upload outcomes in /uploads.
enum class UploadOutcome : std::int64_t { Ok = 0, LostCoverage = 1, DeadlineMissed = 2 };

struct TradeRow {  // /trades: one row per accepted offer
  double t = 0;
  std::int64_t round = 0, server = 0, vehicle = 0;
  double theta = 0;
  std::int64_t item = 0;
  double latency_promised = 0, latency_measured = 0, reward = 0, user_utility = 0, server_utility = 0;
  std::int64_t on_time = 0;
  double quality = 0;
  std::int64_t check_passed = 1;  // the server's (noisy) quality check
  double quality_claimed = 0;     // the quality paid for (the claimed type's theta)
  std::int64_t malicious = 0;     // ground truth, for analysis: the server does not know it
};

struct RoundRow {  // /rounds: one row per server per market round
  double t = 0;
  std::int64_t round = 0, server = 0, offered = 0, accepted = 0, declined = 0;
  std::int64_t withheld = 0, withheld_malicious = 0;  // served vehicles below the reputation threshold
  double payment = 0, server_utility = 0, server_utility_expected = 0;
  std::int64_t ir_violations = 0, ic_violations = 0;
  double welfare = 0;
  // The exact optimal menu's expected utility for the same vehicles and types (so regret is
  // this minus server_utility_expected); NaN for mechanisms that are not contract menus.
  double server_utility_optimal = 0;
  // Paid for and not delivered: over the trades paid, the value of the quality claimed less
  // the value of the quality that arrived (a cheat's junk data, a colluder's duplicate).
  double value_undelivered = 0;
  // The clairvoyant bound on server_utility for the round's vehicles (policies/contract/
  // clairvoyant.hpp); NaN unless the vehicles pace their sensing and the offer is a contract.
  double server_utility_bound = std::numeric_limits<double>::quiet_NaN();
  // market.competition: of the vehicles offered to, those a rival offered to as well, and
  // those that took (or were left to) a rival's offer. 0 without competition.
  std::int64_t contested = 0, lost_to_rivals = 0;
};

struct UploadRow {  // /uploads: one row per data upload
  std::int64_t vehicle = 0, server = 0;
  double t_start = 0, t_end = 0, megabytes = 0, latency = 0;
  std::int64_t outcome = 0;
  double rate_mbps = 0;  // the vehicle's radio rate when the upload started (0: it had left)
};

struct MobilityRow {  // /mobility (output.mobility_every > 0): vehicles on the road, sampled
  double t = 0;
  std::int64_t vehicle = 0;
  double x = 0, y = 0;
  std::int64_t server = -1;  // serving server, -1 when out of coverage
  double rate_mbps = 0;      // its radio rate (0 when not served)
};

struct VehicleRow {  // /vehicles: static, one row per vehicle
  std::int64_t id = 0;
  std::string name;
  std::int64_t type = 0;  // index into the scenario's vehicles.types
  double theta = 0, cost = 0, x = 0, y = 0;
  std::int64_t server = -1;  // serving edge server, -1 when out of every server's coverage
  std::int64_t malicious = 0;
};

struct ServerRow {  // /servers: static, one row per edge server
  std::int64_t id = 0;
  std::string name;
  double x = 0, y = 0, coverage_radius = 0, cpu_speed = 0;
  std::string policy;
  double backhaul_mbps = 0, backhaul_latency = 0;
  std::int64_t stations = 0;  // the most vehicles it serves at once (fixed_rate: its radio pool)
  std::string public_key;     // Ed25519, hex: checks the blocks it produced
};

std::vector<core::Column<TradeRow>> trade_columns();
std::vector<core::Column<RoundRow>> round_columns();
std::vector<core::Column<UploadRow>> upload_columns();
std::vector<core::Column<MobilityRow>> mobility_columns();
std::vector<core::Column<VehicleRow>> vehicle_columns();
std::vector<core::Column<ServerRow>> server_columns();

}  // namespace vsm::sim
