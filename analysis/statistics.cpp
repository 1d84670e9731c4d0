#include "analysis/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>

namespace vsm::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kBootstrapResamples = 10000;

double z_975() {
  static const double z = boost::math::quantile(boost::math::normal(), 0.975);
  return z;
}

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double sample_sd(const std::vector<double>& values, double mean) {
  if (values.size() < 2) return 0;
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

// Mean and sd of the values; true when the caller should go on to an interval (n >= 2 and the
// values differ), else the summary is complete as it stands.
bool start(Summary& s, const std::vector<double>& values) {
  s.n = values.size();
  if (s.n == 0) {
    s.mean = s.ci_low = s.ci_high = kNaN;
    s.method = "none: no runs";
    return false;
  }
  s.mean = mean_of(values);
  s.sd = sample_sd(values, s.mean);
  s.ci_low = s.ci_high = s.mean;
  if (s.n < 2) {
    s.method = "none: one run";
    return false;
  }
  if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); })) {
    s.method = "none: all runs equal";
    return false;
  }
  return true;
}

}  // namespace

double t_multiplier(std::size_t degrees_of_freedom) {
  boost::math::students_t t(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(t, 0.975);
}

Summary summarise(const std::vector<double>& values) {
  Summary s;
  if (!start(s, values)) return s;
  double half = t_multiplier(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n));
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  s.method = "student-t";
  return s;
}

Interval wilson_interval(double successes, double trials) {
  const double z = z_975(), p = successes / trials, z2n = z * z / trials;
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z / (1 + z2n) * std::sqrt(p * (1 - p) / trials + z2n / (4 * trials));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Summary summarise_proportion(const std::vector<std::pair<double, double>>& successes_and_trials) {
  Summary s;
  std::vector<double> rates;
  double successes = 0, trials = 0;
  for (const auto& [k, n] : successes_and_trials) {
    if (n <= 0) continue;
    rates.push_back(k / n);
    successes += k;
    trials += n;
  }
  s.n = rates.size();
  if (s.n == 0) {
    s.mean = s.ci_low = s.ci_high = kNaN;
    s.method = "none: no trials";
    return s;
  }
  s.sd = sample_sd(rates, mean_of(rates));
  const double p = successes / trials;
  s.mean = p;
  // Design effect: the variance of the pooled proportion estimated from the runs (each run a
  // cluster of trials; the ratio estimator's variance) over the binomial variance. Trials are
  // shrunk by it when it is above 1; never grown.
  double effective = trials;
  if (s.n >= 2 && p > 0 && p < 1) {
    double residuals = 0;
    for (const auto& [k, n] : successes_and_trials)
      if (n > 0) residuals += (k - p * n) * (k - p * n);
    const double m = static_cast<double>(s.n);
    const double variance = m / (m - 1) * residuals / (trials * trials);
    const double design_effect = variance / (p * (1 - p) / trials);
    if (design_effect > 1) effective = trials / design_effect;
  }
  const Interval ci = wilson_interval(p * effective, effective);
  s.ci_low = std::min(ci.low, p);  // it holds p; rounding alone could put p outside at 0 or 1
  s.ci_high = std::max(ci.high, p);
  s.method = "wilson";
  return s;
}

Summary summarise_bootstrap(const std::vector<double>& values) {
  Summary s;
  if (!start(s, values)) return s;
  // A fixed generator and seed: the interval is a function of the values alone. Indices are
  // drawn by rejection so that every run is equally likely on every platform.
  std::mt19937_64 draws(20261203);
  const auto m = static_cast<std::uint64_t>(values.size());
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % m;
  std::vector<double> means(kBootstrapResamples);
  for (double& resampled : means) {
    double sum = 0;
    for (std::uint64_t i = 0; i < m; ++i) {
      std::uint64_t r;
      do r = draws();
      while (r >= limit);
      sum += values[r % m];
    }
    resampled = sum / static_cast<double>(m);
  }
  s.ci_low = percentile(means, 0.025);
  s.ci_high = percentile(means, 0.975);
  s.method = "bootstrap";
  return s;
}

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  double position = fraction * static_cast<double>(values.size() - 1);
  auto below = static_cast<std::size_t>(std::floor(position));
  std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

}  // namespace vsm::analysis
