#include "base/json_text.h"

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

namespace slipway::base {

namespace {

// Whether `s` can stand between quotes as it is: printable ASCII other than `"` and `\`. Eight bytes at
// a time: each test below is nonzero when some byte of the word fails it (a borrow may mark a neighbour
// too, which does not change the answer); the last bytes one by one. The manifest and the IAM documents
// run every path, ARN and hash through here.
bool plain(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  const auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const std::uint64_t below_space = (w - 0x20 * kOnes) & ~w & kHighs;
    if (below_space | (w & kHighs) | has_zero(w ^ ('"' * kOnes)) | has_zero(w ^ ('\\' * kOnes))) return false;
  }
  for (; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x20 || u >= 0x80 || u == '"' || u == '\\') return false;
  }
  return true;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (!plain(s)) {
    out += nlohmann::json(std::string(s)).dump();
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

}  // namespace slipway::base
