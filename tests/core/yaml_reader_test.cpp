#include "core/yaml_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/input_error.hpp"

namespace vsm::core {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ClosestMatch, FindsLikelyTyposOnly) {
  EXPECT_EQ(closest_match("vehicels", {"vehicles", "duration"}), "vehicles");
  EXPECT_EQ(closest_match("duraton", {"vehicles", "duration"}), "duration");
  EXPECT_EQ(closest_match("zzzzzzz", {"vehicles", "duration"}), std::nullopt);
}

TEST(MapReader, ReadsValuesDefaultsAndBounds) {
  auto doc = YamlDocument::load_string("a: 2.5\nb: 7\nc: yes\nd: hello\ne: [1, 2]\n", "t.yaml");
  MapReader m(doc, doc.root(), "");
  EXPECT_DOUBLE_EQ(m.number("a", Bounds::positive()), 2.5);
  EXPECT_EQ(m.integer("b"), 7);
  EXPECT_TRUE(m.flag("c", false));
  EXPECT_EQ(m.text("d"), "hello");
  EXPECT_EQ(m.numbers("e", {0, 0}), (std::vector<double>{1, 2}));
  EXPECT_DOUBLE_EQ(m.number("missing", 9.0), 9.0);
  EXPECT_NO_THROW(m.finish());
}

TEST(MapReader, IntegerAcceptsExponentButNotFraction) {
  auto doc = YamlDocument::load_string("a: 1e3\nb: 2.5\n", "t.yaml");
  MapReader m(doc, doc.root(), "");
  EXPECT_EQ(m.integer("a"), 1000);
  EXPECT_EQ(error_of([&] { m.integer("b"); }), "t.yaml:2:4: b: expected an integer, got \"2.5\"");
}

TEST(MapReader, FinishNamesTheUnknownKeyWithSuggestion) {
  auto doc = YamlDocument::load_string("count: 1\ncuont: 2\n", "t.yaml");
  MapReader m(doc, doc.root(), "vehicles");
  m.integer("count");
  EXPECT_EQ(error_of([&] { m.finish(); }),
            "t.yaml:2:1: vehicles.cuont: unknown key (did you mean \"count\"?); known keys here: count");
}

TEST(Override, SetsNestedAndListValuesAndCreatesMaps) {
  auto doc = YamlDocument::load_string("a:\n  b: 1\nlist:\n  - {x: 1}\n  - {x: 2}\n", "t.yaml");
  doc.apply_override("a.b=5");
  doc.apply_override("list.1.x=7");
  doc.apply_override("new.deep.key=[1, 2]");
  EXPECT_EQ(doc.root()["a"]["b"].as<int>(), 5);
  EXPECT_EQ(doc.root()["list"][1]["x"].as<int>(), 7);
  EXPECT_EQ(doc.root()["list"][0]["x"].as<int>(), 1);
  EXPECT_EQ(doc.root()["new"]["deep"]["key"].size(), 2u);
}

TEST(Override, ErrorsNameTheAssignment) {
  auto doc = YamlDocument::load_string("list:\n  - {x: 1}\n", "t.yaml");
  EXPECT_EQ(error_of([&] { doc.apply_override("list.4.x=1"); }),
            "--set list.4.x=1: list has 1 elements, no index 4");
  EXPECT_EQ(error_of([&] { doc.apply_override("list.x=1"); }),
            "--set list.x=1: list is a list; use an index such as list.0");
  EXPECT_EQ(error_of([&] { doc.apply_override("novalue"); }), "--set novalue: expected key.path=value");
  EXPECT_THAT(error_of([&] { doc.apply_override("a=[1, 2"); }), HasSubstr("--set a=[1, 2: malformed value"));
}

TEST(Override, LaterErrorsPointAtTheOverrideNotTheFile) {
  auto doc = YamlDocument::load_string("n: 1\n", "t.yaml");
  doc.apply_override("n=-3");
  MapReader m(doc, doc.root(), "");
  EXPECT_EQ(error_of([&] { m.number("n", Bounds::positive()); }), "--set n=-3: n: must be > 0 (got -3)");
}

}  // namespace
}  // namespace vsm::core
