#pragma once
// The tables every run writes, created together on a result file.

#include "sim/result_file.hpp"
#include "sim/result_layout.hpp"

namespace vsm::sim {

struct RunTables {
  explicit RunTables(ResultFile& result)
      : file(result),
        servers(result.add_table("servers", server_columns())),
        vehicles(result.add_table("vehicles", vehicle_columns())),
        rounds(result.add_table("rounds", round_columns())),
        trades(result.add_table("trades", trade_columns())),
        uploads(result.add_table("uploads", upload_columns())) {}

  ResultFile& file;
  Table<ServerRow> servers;
  Table<VehicleRow> vehicles;
  Table<RoundRow> rounds;
  Table<TradeRow> trades;
  Table<UploadRow> uploads;
};

}  // namespace vsm::sim
