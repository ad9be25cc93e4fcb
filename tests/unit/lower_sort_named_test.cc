// sort_named orders a named collection by name and keeps equal names in the order they came in (the
// duplicate report that follows names the later one), moving each element once.
#include <gtest/gtest.h>

#include "lower/internal.h"

namespace {

struct Named {
  std::string name;
  int tag = 0;
};

std::string order(const std::vector<Named>& v) {
  std::string out;
  for (const auto& n : v) out += n.name + ":" + std::to_string(n.tag) + " ";
  return out;
}

TEST(LowerSortNamed, SortsByByteOrderAndKeepsEqualNamesInInputOrder) {
  std::vector<Named> v{{"h10", 1}, {"h2", 2}, {"b", 3}, {"h10", 4}, {"B", 5}, {"b", 6}, {"a", 7}};
  slipway::lower::sort_named(v);
  EXPECT_EQ(order(v), "B:5 a:7 b:3 b:6 h10:1 h10:4 h2:2 ");
}

TEST(LowerSortNamed, LeavesSortedAndEmptyCollectionsAsTheyAre) {
  std::vector<Named> sorted{{"a", 1}, {"a", 2}, {"b", 3}};
  slipway::lower::sort_named(sorted);
  EXPECT_EQ(order(sorted), "a:1 a:2 b:3 ");
  std::vector<Named> empty;
  slipway::lower::sort_named(empty);
  EXPECT_TRUE(empty.empty());
}

TEST(LowerSortNamed, AgreesWithAStableSortOnAThousandNames) {
  std::vector<Named> v;
  for (int i = 0; i < 1000; ++i) v.push_back({"n" + std::to_string((i * 7919) % 257), i});
  auto expected = v;
  std::stable_sort(expected.begin(), expected.end(), [](const Named& a, const Named& b) { return a.name < b.name; });
  slipway::lower::sort_named(v);
  EXPECT_EQ(order(v), order(expected));
}

}  // namespace
