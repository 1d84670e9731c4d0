#include "app/progress.hpp"

#include <gtest/gtest.h>

namespace vsm::app {
namespace {

TEST(Progress, FormatsDurations) {
  EXPECT_EQ(Progress::format_seconds(12.4), "12 s");
  EXPECT_EQ(Progress::format_seconds(123), "2:03");
  EXPECT_EQ(Progress::format_seconds(3723), "1:02:03");
}

TEST(Progress, BarShowsShareSimTimeRoundsAndEta) {
  Progress bar(ProgressStyle::Bar, sim::RoundClock{10, 600});
  // A quarter done after 10 s of wall time: 30 s to go.
  EXPECT_EQ(bar.render(150, 10), "[#######.......................]  25%  sim 150/600 s  round 15/60  ETA 30 s");
}

TEST(Progress, LineForLogs) {
  Progress lines(ProgressStyle::Lines, sim::RoundClock{10, 600});
  EXPECT_EQ(lines.render(300, 60), "vsm: 50% sim 300/600 s, round 30/60, elapsed 1:00, ETA 1:00");
}

}  // namespace
}  // namespace vsm::app
