#include "agents/ledger/ledger_tables.hpp"

namespace vsm::agents::ledger {

std::vector<core::Column<LedgerRow>> ledger_columns() {
  using R = LedgerRow;
  return {{"height", "", &R::height},
          {"t", "s", &R::t},
          {"t_confirmed", "s", &R::t_confirmed},
          {"confirmation_latency", "s", &R::confirmation_latency},
          {"producer", "id", &R::producer},
          {"records", "trades", &R::records},
          {"hash", "SHA-256, hex", &R::hash},
          {"previous", "SHA-256, hex", &R::previous},
          {"merkle_root", "SHA-256, hex", &R::merkle_root},
          {"raw", "block bytes, hex", &R::raw}};
}

std::vector<core::Column<ReplicaRow>> replica_columns() {
  using R = ReplicaRow;
  return {{"server", "id", &R::server}, {"blocks", "", &R::blocks}, {"tip", "SHA-256, hex", &R::tip}};
}

}  // namespace vsm::agents::ledger
