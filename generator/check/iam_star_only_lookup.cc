#include <algorithm>
#include <cctype>
#include <string>

#include "check/iam_star_only.h"

namespace slipway::check {

bool iam_star_only(std::string_view action) {
  std::string key(action);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* chunk : iam_star_only_chunks()) {
    std::string_view text(chunk);
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (text.substr(start, end - start) == key) return true;
      start = end + 1;
    }
  }
  return false;
}

}  // namespace slipway::check
