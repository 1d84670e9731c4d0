// The command line as a user meets it: help, version, validation, and refusals with exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

using ::testing::HasSubstr;

class Cli : public VsmTest {};

TEST_F(Cli, HelpListsEveryCommandAndExitCodes) {
  auto r = vsm({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"run", "validate", "info", "--version", "Exit codes", "scenarios/README.md"})
    EXPECT_THAT(r.out, HasSubstr(word));
}

TEST_F(Cli, RunHelpDocumentsEveryOptionAndThePolicies) {
  auto r = vsm({"run", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"--output", "--seed", "--set", "--force", "--quiet", "--json", "contract.fixed", "SIGINT"})
    EXPECT_THAT(r.out, HasSubstr(word));
}

TEST_F(Cli, VersionNamesVersionAndFormat) {
  auto r = vsm({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("vsm 0.1.0 (commit "));
  EXPECT_THAT(r.out, HasSubstr("result format 3"));
}

TEST_F(Cli, NoCommandOrUnknownOptionIsBadInput) {
  EXPECT_EQ(vsm({}).exit_code, 2);
  auto r = vsm({"run", paper, "--frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--frobnicate"));
}

TEST_F(Cli, ValidateAcceptsTheShippedScenario) {
  auto r = vsm({"validate", paper});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok (paper-iov-contract: 1 edge server(s), 20 vehicles"));
}

TEST_F(Cli, ValidatePrintGivesAScenarioThatValidatesToItself) {
  auto first = vsm({"validate", paper, "--print", "--set", "vehicles.count=7"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  write_file(dir + "/resolved.yaml", first.out);
  auto second = vsm({"validate", "resolved.yaml", "--print"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
  EXPECT_THAT(second.out, HasSubstr("count: 7"));
}

TEST_F(Cli, BadScenarioGivesOneLineAndExitTwo) {
  write_file(dir + "/bad.yaml", "duration: 10\nvehicles:\n  count: -1\n");
  auto r = vsm({"validate", "bad.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "vsm: error: bad.yaml:3:10: vehicles.count: must be >= 1 (got -1)\n");
}

TEST_F(Cli, BadInputWritesNoResultFile) {
  write_file(dir + "/bad.yaml", "duration: 10\n");
  auto r = vsm({"run", "bad.yaml", "-o", "out.h5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir + "/out.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/results"));
}

TEST_F(Cli, BadInputLosesNothingAlreadyWritten) {
  write_file(dir + "/old.h5", "earlier results");
  write_file(dir + "/bad.yaml", "duration: 10\n");
  EXPECT_EQ(vsm({"run", "bad.yaml", "-o", "old.h5", "--force"}).exit_code, 2);
  EXPECT_EQ(read_file(dir + "/old.h5"), "earlier results");
}

TEST_F(Cli, ExistingResultIsNotReplacedWithoutForce) {
  write_file(dir + "/old.h5", "earlier results");
  auto r = vsm({"run", paper, "-o", "old.h5", "-q"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("old.h5: result file already exists; pass --force"));
  EXPECT_EQ(read_file(dir + "/old.h5"), "earlier results");
}

TEST_F(Cli, UnusableOutputPathIsBadInput) {
  std::filesystem::create_directory(dir + "/adir");
  auto r = vsm({"run", paper, "-o", "adir", "--force", "-q"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "vsm: error: adir: is a directory; -o takes a file name\n");
  write_file(dir + "/afile", "x");
  r = vsm({"run", paper, "-o", "afile/out.h5", "-q"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("vsm: error: afile: cannot create output directory"));
  r = vsm({"validate", "adir"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "vsm: error: adir: is a directory, not a scenario file\n");
}

TEST_F(Cli, MissingScenarioFile) {
  auto r = vsm({"run", "nope.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "vsm: error: nope.yaml: cannot open scenario file (does it exist and is it readable?)\n");
}

TEST_F(Cli, InfoOnAForeignFileIsBadInput) {
  write_file(dir + "/x.h5", "not hdf5");
  auto r = vsm({"info", "x.h5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "vsm: error: x.h5: not an HDF5 file (or unreadable)\n");
}

}  // namespace
}  // namespace vsm::testing
