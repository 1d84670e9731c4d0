#pragma once
// The tables every run writes, created together on a result file.

#include <algorithm>
#include <optional>

#include "sim/result_file.hpp"
#include "sim/result_layout.hpp"

namespace vsm::sim {

struct RunTables {
  RunTables(ResultFile& result, std::size_t server_count, std::size_t vehicle_count, bool with_mobility,
            bool with_ledger, bool with_reputation)
      : file(result),
        servers(result.add_table("servers", server_columns(), server_count)),
        vehicles(result.add_table("vehicles", vehicle_columns(), std::min<std::size_t>(vehicle_count, 4096))),
        rounds(result.add_table("rounds", round_columns())),
        trades(result.add_table("trades", trade_columns())),
        uploads(result.add_table("uploads", upload_columns())) {
    if (with_mobility) mobility.emplace(result.add_table("mobility", mobility_columns()));
    if (with_ledger) {
      ledger.emplace(result.add_table("ledger", ledger_columns(), 64));
      replicas.emplace(result.add_table("ledger_replicas", replica_columns(), server_count));
    }
    if (with_reputation) reputation.emplace(result.add_table("reputation", reputation_columns()));
  }

  ResultFile& file;
  Table<ServerRow> servers;
  Table<VehicleRow> vehicles;
  Table<RoundRow> rounds;
  Table<TradeRow> trades;
  Table<UploadRow> uploads;
  std::optional<Table<MobilityRow>> mobility;  // only when the scenario samples it
  std::optional<Table<LedgerRow>> ledger;      // only with the ledger on
  std::optional<Table<ReplicaRow>> replicas;
  std::optional<Table<ReputationRow>> reputation;  // only with reputation on
};

}  // namespace vsm::sim
