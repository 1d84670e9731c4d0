#include "sim/result_layout.hpp"

namespace vsm::sim {

std::vector<core::Column<TradeRow>> trade_columns() {
  using R = TradeRow;
  return {{"t", "s", &R::t},
          {"round", "", &R::round},
          {"server", "id", &R::server},
          {"vehicle", "id", &R::vehicle},
          {"theta", "", &R::theta},
          {"item", "index", &R::item},
          {"latency_promised", "s", &R::latency_promised},
          {"latency_measured", "s", &R::latency_measured},
          {"reward", "utility", &R::reward},
          {"user_utility", "utility", &R::user_utility},
          {"server_utility", "utility", &R::server_utility},
          {"on_time", "0/1", &R::on_time},
          {"quality", "", &R::quality},
          {"check_passed", "0/1", &R::check_passed},
          {"quality_claimed", "", &R::quality_claimed},
          {"malicious", "0/1", &R::malicious}};
}

std::vector<core::Column<RoundRow>> round_columns() {
  using R = RoundRow;
  return {{"t", "s", &R::t},
          {"round", "", &R::round},
          {"server", "id", &R::server},
          {"offered", "vehicles", &R::offered},
          {"accepted", "vehicles", &R::accepted},
          {"declined", "vehicles", &R::declined},
          {"payment", "utility", &R::payment},
          {"server_utility", "utility", &R::server_utility},
          {"server_utility_expected", "utility", &R::server_utility_expected},
          {"ir_violations", "vehicles", &R::ir_violations},
          {"ic_violations", "vehicles", &R::ic_violations},
          {"welfare", "utility", &R::welfare},
          {"withheld", "vehicles", &R::withheld},
          {"withheld_malicious", "vehicles", &R::withheld_malicious},
          {"server_utility_optimal", "utility", &R::server_utility_optimal},
          {"value_undelivered", "utility", &R::value_undelivered},
          {"server_utility_bound", "utility", &R::server_utility_bound},
          {"contested", "vehicles", &R::contested},
          {"lost_to_rivals", "vehicles", &R::lost_to_rivals}};
}

std::vector<core::Column<UploadRow>> upload_columns() {
  using R = UploadRow;
  return {{"vehicle", "id", &R::vehicle},
          {"server", "id", &R::server},
          {"t_start", "s", &R::t_start},
          {"t_end", "s", &R::t_end},
          {"megabytes", "MB", &R::megabytes},
          {"latency", "s", &R::latency},
          {"outcome", "0 ok, 1 lost coverage, 2 deadline missed", &R::outcome},
          {"rate_mbps", "Mbit/s", &R::rate_mbps}};
}

std::vector<core::Column<MobilityRow>> mobility_columns() {
  using R = MobilityRow;
  return {{"t", "s", &R::t}, {"vehicle", "id", &R::vehicle}, {"x", "m", &R::x},
          {"y", "m", &R::y}, {"server", "id", &R::server},   {"rate_mbps", "Mbit/s", &R::rate_mbps}};
}

std::vector<core::Column<VehicleRow>> vehicle_columns() {
  using R = VehicleRow;
  return {{"id", "", &R::id},         {"name", "", &R::name}, {"type", "index", &R::type},
          {"theta", "", &R::theta},   {"cost", "utility per unit effort", &R::cost},
          {"x", "m", &R::x},          {"y", "m", &R::y},
          {"server", "id", &R::server}, {"malicious", "0/1", &R::malicious}};
}

std::vector<core::Column<ServerRow>> server_columns() {
  using R = ServerRow;
  return {{"id", "", &R::id},
          {"name", "", &R::name},
          {"x", "m", &R::x},
          {"y", "m", &R::y},
          {"coverage_radius", "m", &R::coverage_radius},
          {"cpu_speed", "flop/s", &R::cpu_speed},
          {"policy", "", &R::policy},
          {"backhaul_mbps", "Mbit/s", &R::backhaul_mbps},
          {"backhaul_latency", "s", &R::backhaul_latency},
          {"stations", "hosts", &R::stations},
          {"public_key", "Ed25519, hex", &R::public_key, 64}};
}

}  // namespace vsm::sim
