#include "policies/contract/airtime_plan.hpp"

#include <cmath>

namespace vsm::policies {

std::int64_t AirtimePlan::slot(double t) const { return static_cast<std::int64_t>(std::floor(t / window_)); }

double AirtimePlan::promised(double t) const {
  const auto it = promised_.find(slot(t));
  return it == promised_.end() ? 0.0 : it->second;
}

bool AirtimePlan::fits(const ExpectedUploads& uploads, double room) const {
  std::map<std::int64_t, double> added;  // a vehicle's items may start uploads in one window
  for (const auto& [start, seconds] : uploads) added[slot(start)] += seconds;
  for (const auto& [window, seconds] : added) {
    const auto it = promised_.find(window);
    if ((it == promised_.end() ? 0.0 : it->second) + seconds > room) return false;
  }
  return true;
}

void AirtimePlan::promise(const ExpectedUploads& uploads) {
  for (const auto& [start, seconds] : uploads) promised_[slot(start)] += seconds;
}

void AirtimePlan::forget_before(double t) { promised_.erase(promised_.begin(), promised_.lower_bound(slot(t))); }

}  // namespace vsm::policies
