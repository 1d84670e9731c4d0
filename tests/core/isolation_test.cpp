// run_isolated: what the work returns comes back whole; an exception, a crash or a hang in the
// child becomes a failure that says which, and the caller goes on.
#include "core/isolation.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace vsm::core {
namespace {

TEST(Isolation, WhatTheWorkReturnsComesBackWhole) {
  const std::string big(3'000'000, 'x');  // more than a pipe holds at once
  auto r = run_isolated([&](std::string& out) {
    out = big + "end";
    return 7;
  });
  ASSERT_EQ(r.outcome, Isolated::Outcome::Returned) << r.failure;
  EXPECT_EQ(r.code, 7);
  EXPECT_EQ(r.output.size(), big.size() + 3);
  EXPECT_EQ(r.output.substr(r.output.size() - 3), "end");
}

TEST(Isolation, AnExceptionComesBackAsItsMessage) {
  auto r = run_isolated([](std::string&) -> int { throw std::runtime_error("x.h5: not an HDF5 file"); });
  EXPECT_EQ(r.outcome, Isolated::Outcome::Threw);
  EXPECT_EQ(r.failure, "x.h5: not an HDF5 file");
}

TEST(Isolation, ACrashIsAFailureAndTheCallerGoesOn) {
  auto segv = run_isolated([](std::string&) -> int {
    std::raise(SIGSEGV);
    return 0;
  });
  EXPECT_EQ(segv.outcome, Isolated::Outcome::Crashed);
  EXPECT_NE(segv.failure.find("crashed"), std::string::npos) << segv.failure;
  auto abort = run_isolated([](std::string&) -> int { std::abort(); });
  EXPECT_EQ(abort.outcome, Isolated::Outcome::Crashed);
  // A child that exits without its answer (as the sanitizers make a crash do) crashed too.
  auto quiet = run_isolated([](std::string&) -> int { std::_Exit(1); });
  EXPECT_EQ(quiet.outcome, Isolated::Outcome::Crashed);
  EXPECT_EQ(run_isolated([](std::string& out) { out = "still here"; return 0; }).output, "still here");
}

TEST(Isolation, AHangIsStoppedAtTheTimeout) {
  auto r = run_isolated(
      [](std::string&) -> int {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        return 0;
      },
      0.3);
  EXPECT_EQ(r.outcome, Isolated::Outcome::TimedOut);
  EXPECT_NE(r.failure.find("did not finish"), std::string::npos);
}

}  // namespace
}  // namespace vsm::core
