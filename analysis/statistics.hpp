#pragma once
// Summary statistics across runs (seeds): mean, sample standard deviation and a 95% confidence
// interval for the mean from Student's t distribution; and the same for paired differences.

#include <cstddef>
#include <vector>

namespace vsm::analysis {

struct Summary {
  std::size_t n = 0;
  double mean = 0, sd = 0;       // sd: sample standard deviation (n - 1); 0 when n < 2
  double ci_low = 0, ci_high = 0;  // 95%, Student t with n - 1 degrees of freedom; the mean when n < 2
};

Summary summarise(const std::vector<double>& values);

// The value below which `fraction` of the values lie (linear interpolation between order
// statistics, as numpy's default); NaN for no values.
double percentile(std::vector<double> values, double fraction);

// The 97.5% quantile of Student's t with `degrees_of_freedom` (the 95% two-sided multiplier).
double t_multiplier(std::size_t degrees_of_freedom);

}  // namespace vsm::analysis
