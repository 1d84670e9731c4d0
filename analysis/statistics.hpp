#pragma once
// Summary statistics across runs (seeds), each with the 95% interval fit for its quantity
// (README "Comparing incentive schemes", "Intervals"):
//   - a mean of a continuous quantity: Student's t with n - 1 degrees of freedom;
//   - a proportion (successes of trials, counted in each run): the Wilson score interval on
//     the pooled counts, its trials shrunk to an effective number when the runs differ more
//     than binomial sampling explains (a design effect), so it never leaves [0, 1] and still
//     widens with the spread between seeds;
//   - a bounded or discrete quantity, where a t interval can leave the possible values:
//     the percentile bootstrap over runs (seeded: the same runs give the same interval).
// With two or more runs all equal, no interval can be estimated without a model: the interval
// is the value itself and `method` says so.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace vsm::analysis {

struct Summary {
  std::size_t n = 0;               // runs
  double mean = 0, sd = 0;         // sd: sample standard deviation of the runs' values (n - 1); 0 when n < 2
  double ci_low = 0, ci_high = 0;  // 95%; the mean when n < 2
  std::string method;              // how the interval was made: student-t, wilson, bootstrap, or why none
};

// The mean of the values with a Student-t interval.
Summary summarise(const std::vector<double>& values);

// Successes and trials of each run: the pooled proportion with a Wilson interval (see above).
// Runs with no trials are left out.
Summary summarise_proportion(const std::vector<std::pair<double, double>>& successes_and_trials);

// The mean of the values with a 95% percentile bootstrap interval over the values.
Summary summarise_bootstrap(const std::vector<double>& values);

struct Interval {
  double low = 0, high = 0;
};

// The 95% Wilson score interval for `successes` of `trials` (trials may be an effective,
// non-integer count). Wilson, JASA 22 (1927); checked against Newcombe, Stat Med 17 (1998).
Interval wilson_interval(double successes, double trials);

// The value below which `fraction` of the values lie (linear interpolation between order
// statistics, as numpy's default); NaN for no values.
double percentile(std::vector<double> values, double fraction);

// The 97.5% quantile of Student's t with `degrees_of_freedom` (the 95% two-sided multiplier).
double t_multiplier(std::size_t degrees_of_freedom);

}  // namespace vsm::analysis
