// base::append_json_string writes what nlohmann's dump() writes, for every byte at every place of a word.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "base/json_text.h"

namespace slipway::base {
namespace {

// What dump() writes, or "throws" where it refuses the text (bytes that are not UTF-8).
std::string reference(const std::string& s) {
  try {
    return nlohmann::json(s).dump();
  } catch (const nlohmann::json::exception&) {
    return "throws";
  }
}

std::string ours(const std::string& s) {
  std::string out = "x";
  try {
    append_json_string(out, s);
  } catch (const nlohmann::json::exception&) {
    return "throws";
  }
  EXPECT_EQ(out[0], 'x');
  return out.substr(1);
}

TEST(JsonText, EveryByteAtEveryPlaceIsWrittenAsDumpWritesIt) {
  for (std::size_t length : {1u, 7u, 8u, 9u, 16u, 17u, 23u}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string s(length, 'a');
        s[at] = static_cast<char>(b);
        ASSERT_EQ(ours(s), reference(s)) << "byte " << b << " at " << at << " of " << length;
      }
    }
  }
}

TEST(JsonText, PrintableTextAndUtf8AreWrittenAsDumpWritesThem) {
  std::mt19937 rng(7);
  // Odd rounds draw from all pieces, even rounds from the first five (printable, the plain path).
  const std::string pieces[] = {"a",  "Z",  "/",    " ", "~", "\"",   "\\",
                                "\n", "\t", "\x7f", "é", "→", "${x}", "arn:aws:s3:::b/*"};
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) s += pieces[rng() % (i % 2 ? std::size(pieces) : 5)];
    ASSERT_EQ(ours(s), reference(s)) << s;
  }
  EXPECT_EQ(ours(""), "\"\"");
}

}  // namespace
}  // namespace slipway::base
