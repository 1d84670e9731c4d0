#pragma once
// The tables every run writes, created together on a result file. A feature's own tables
// (the ledger's, the reputations) are made by the feature (agents/ledger/ledger_tables.hpp).

#include <algorithm>
#include <optional>

#include "core/result_file.hpp"
#include "sim/result_layout.hpp"

namespace vsm::sim {

struct RunTables {
  RunTables(core::ResultFile& result, std::size_t server_count, std::size_t vehicle_count, bool with_mobility,
            double round_period)
      : file(result),
        servers(result.add_table("servers", server_columns(), server_count)),
        vehicles(result.add_table("vehicles", vehicle_columns(), std::min<std::size_t>(vehicle_count, 4096))),
        rounds(result.add_table("rounds", round_columns())),
        trades(result.add_table("trades", trade_columns())),
        uploads(result.add_table("uploads", upload_columns())),
        round_period_(round_period) {
    if (with_mobility) mobility.emplace(result.add_table("mobility", mobility_columns()));
  }

  core::ResultFile& file;
  core::Table<ServerRow> servers;
  core::Table<VehicleRow> vehicles;
  core::Table<RoundRow> rounds;
  core::Table<TradeRow> trades;
  core::Table<UploadRow> uploads;
  std::optional<core::Table<MobilityRow>> mobility;  // only when the scenario samples it

  // A server's round ended at simulated time `now`: flushes the file unless it was flushed less
  // than a round period ago. Once per market round, not once per server's round: each flush
  // costs the same whatever it carries, and 200 servers flushing their own rounds took 9% of a
  // metro-100k run. A killed run loses at most the rounds ended since the last flush.
  void round_ended(double now) {
    if (now < next_flush_) return;
    file.flush();
    next_flush_ = now + round_period_;
  }

 private:
  double round_period_;
  double next_flush_ = 0;
};

}  // namespace vsm::sim
