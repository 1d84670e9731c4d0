#pragma once
// The tables every run writes, created together on a result file.

#include <algorithm>
#include <optional>

#include "sim/result_file.hpp"
#include "sim/result_layout.hpp"

namespace vsm::sim {

struct RunTables {
  RunTables(ResultFile& result, std::size_t server_count, std::size_t vehicle_count, bool with_mobility)
      : file(result),
        servers(result.add_table("servers", server_columns(), server_count)),
        vehicles(result.add_table("vehicles", vehicle_columns(), std::min<std::size_t>(vehicle_count, 4096))),
        rounds(result.add_table("rounds", round_columns())),
        trades(result.add_table("trades", trade_columns())),
        uploads(result.add_table("uploads", upload_columns())) {
    if (with_mobility) mobility.emplace(result.add_table("mobility", mobility_columns()));
  }

  ResultFile& file;
  Table<ServerRow> servers;
  Table<VehicleRow> vehicles;
  Table<RoundRow> rounds;
  Table<TradeRow> trades;
  Table<UploadRow> uploads;
  std::optional<Table<MobilityRow>> mobility;  // only when the scenario samples it
};

}  // namespace vsm::sim
