// base::PackedStrings: a list of strings in one buffer, read back as string_views.
#include <gtest/gtest.h>

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "base/packed_strings.h"

namespace {

using slipway::base::PackedStrings;

std::vector<std::string> unpacked(const PackedStrings& p) {
  std::vector<std::string> out;
  for (std::string_view s : p) out.emplace_back(s);
  return out;
}

TEST(PackedStrings, GivesBackEveryStringInOrder) {
  const std::vector<std::string> items = {"dynamodb:GetItem", "", "${table_cards_arn}", "x", ""};
  PackedStrings p(items);
  EXPECT_EQ(p.size(), items.size());
  EXPECT_FALSE(p.empty());
  EXPECT_EQ(unpacked(p), items);
  EXPECT_EQ(std::distance(p.begin(), p.end()), static_cast<std::ptrdiff_t>(items.size()));
}

TEST(PackedStrings, EmptyListHasNoStrings) {
  PackedStrings p;
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.size(), 0u);
  EXPECT_EQ(p.begin(), p.end());
  EXPECT_EQ(p, PackedStrings(std::vector<std::string>{}));
}

// Lengths around each step of the length's encoding (one byte up to 127, two up to 16,383, three
// beyond), and every byte value inside a string, NUL among them.
TEST(PackedStrings, KeepsAnyLengthAndAnyByte) {
  std::vector<std::string> items;
  for (std::size_t n : {0u, 1u, 126u, 127u, 128u, 129u, 255u, 16383u, 16384u, 70000u}) {
    std::string s(n, 'a');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + n) % 256);
    items.push_back(s);
  }
  items.push_back(std::string("a\0b", 3));
  PackedStrings p(items);
  EXPECT_EQ(p.size(), items.size());
  EXPECT_EQ(unpacked(p), items);
}

TEST(PackedStrings, BuiltByPushingEqualsBuiltAtOnce) {
  PackedStrings pushed;
  pushed.push_back("s3:GetObject");
  pushed.push_back("s3:GetObjectVersion");
  EXPECT_EQ(pushed, (PackedStrings{"s3:GetObject", "s3:GetObjectVersion"}));
  EXPECT_EQ(pushed, PackedStrings(std::vector<std::string_view>{"s3:GetObject", "s3:GetObjectVersion"}));
  EXPECT_NE(pushed, (PackedStrings{"s3:GetObjectVersion", "s3:GetObject"}));
  // Same bytes cut differently are different lists.
  EXPECT_NE((PackedStrings{"ab", "c"}), (PackedStrings{"a", "bc"}));
  EXPECT_NE((PackedStrings{""}), PackedStrings{});
}

TEST(PackedStrings, IteratorsStepOneStringAtATime) {
  PackedStrings p{"one", "two", "three"};
  auto it = p.begin();
  EXPECT_EQ(*it++, "one");
  EXPECT_EQ(*it, "two");
  EXPECT_EQ(*++it, "three");
  EXPECT_EQ(++it, p.end());
}

TEST(PackedStrings, CopiesAndMovesKeepTheStrings) {
  PackedStrings a{"short", std::string(40, 'L')};
  PackedStrings b = a;
  PackedStrings c = std::move(a);
  EXPECT_EQ(unpacked(b), (std::vector<std::string>{"short", std::string(40, 'L')}));
  EXPECT_EQ(b, c);
  PackedStrings small{"ab"};  // short enough to sit inside the string object itself
  PackedStrings moved = std::move(small);
  EXPECT_EQ(unpacked(moved), std::vector<std::string>{"ab"});
}

}  // namespace
