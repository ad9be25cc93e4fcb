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

// Names that agree in their first eight bytes, are prefixes of one another, or hold bytes past 0x7f
// and NULs: the short keys the order is first worked out on decide nothing wrongly.
TEST(LowerSortNamed, AgreesWithAStableSortOnNamesThatShareLongPrefixes) {
  const std::vector<std::string> names = {"handler_orders_a", "handler_orders", "handler_", "handler",
                                          "handler_orders_b", std::string("ab\0c", 4), std::string("ab\0", 3),
                                          "ab", "\xff", "\x80x", "h1", "h10", "h100000000", "h10000000",
                                          "", "handler_orders_a"};
  std::vector<Named> v;
  for (int round = 0; round < 7; ++round) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      v.push_back({names[(i * 5 + static_cast<std::size_t>(round)) % names.size()], round * 100 + static_cast<int>(i)});
    }
  }
  auto expected = v;
  std::stable_sort(expected.begin(), expected.end(), [](const Named& a, const Named& b) { return a.name < b.name; });
  slipway::lower::sort_named(v);
  EXPECT_EQ(order(v), order(expected));
}

// The elements are moved inside the vector they are in: no second vector of them is allocated.
TEST(LowerSortNamed, SortsInsideTheVectorItWasGiven) {
  std::vector<Named> v;
  for (int i = 0; i < 500; ++i) v.push_back({"n" + std::to_string((i * 7919) % 500), i});
  const Named* storage = v.data();
  const std::size_t capacity = v.capacity();
  slipway::lower::sort_named(v);
  EXPECT_EQ(v.data(), storage);
  EXPECT_EQ(v.capacity(), capacity);
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end(), [](const Named& a, const Named& b) { return a.name < b.name; }));
}

// Each element that changes place is moved once, plus one move per cycle of the order (the element set
// aside while the cycle turns), and nothing else is: the element already in place stays.
TEST(LowerSortNamed, MovesEachElementOnceAlongTheCyclesOfTheOrder) {
  struct Counted {
    std::string name;
    int* moves;
    Counted(std::string n, int* m) : name(std::move(n)), moves(m) {}
    Counted(Counted&& o) noexcept : name(std::move(o.name)), moves(o.moves) { ++*moves; }
    Counted& operator=(Counted&& o) noexcept {
      name = std::move(o.name);
      moves = o.moves;
      ++*moves;
      return *this;
    }
  };
  int moves = 0;
  std::vector<Counted> v;
  v.reserve(6);
  // Two cycles: positions 0 -> 1 -> 2 -> 0 and 3 <-> 4; position 5 stays.
  for (const char* n : {"c", "a", "b", "e", "d", "f"}) v.emplace_back(n, &moves);
  moves = 0;
  slipway::lower::sort_named(v);
  std::string got;
  for (const auto& c : v) got += c.name;
  EXPECT_EQ(got, "abcdef");
  EXPECT_EQ(moves, 5 + 2);  // five elements change place, and each of the two cycles holds one aside
}

}  // namespace
