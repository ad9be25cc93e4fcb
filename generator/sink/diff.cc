// Unified diffs for `build --check` (the format git prints).
#include <algorithm>
#include <cstdint>

#include "sink/sink.h"

namespace slipway::sink {

namespace {

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      out.emplace_back(s.substr(start));
      break;
    }
    out.emplace_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// Edit script between two line lists: ' ' keep, '-' delete, '+' insert.
std::vector<std::pair<char, std::string>> edit_script(const std::vector<std::string>& a,
                                                      const std::vector<std::string>& b) {
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  std::vector<std::pair<char, std::string>> out;
  for (std::size_t i = 0; i < pre; ++i) out.emplace_back(' ', a[i]);
  std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  if (n * m <= 4'000'000) {
    std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        lcs[i][j] = a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        out.emplace_back(' ', a[pre + i]);
        ++i;
        ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.emplace_back('-', a[pre + i++]);  // deletions first, as git prints them
      } else {
        out.emplace_back('+', b[pre + j++]);
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) out.emplace_back('-', a[pre + i]);
    for (std::size_t j = 0; j < m; ++j) out.emplace_back('+', b[pre + j]);
  }
  for (std::size_t i = a.size() - suf; i < a.size(); ++i) out.emplace_back(' ', a[i]);
  return out;
}

}  // namespace

std::string unified_diff(const Change& c) {
  std::string from = c.kind == Change::Kind::Create ? "/dev/null" : "a/" + std::string(c.path);
  std::string to = c.kind == Change::Kind::Remove ? "/dev/null" : "b/" + std::string(c.path);
  auto a = split_lines(c.before), b = split_lines(c.after);
  auto script = edit_script(a, b);
  std::string out = "--- " + from + "\n+++ " + to + "\n";
  const std::size_t ctx = 3;
  std::size_t k = 0;
  while (k < script.size()) {
    while (k < script.size() && script[k].first == ' ') ++k;
    if (k == script.size()) break;
    std::size_t start = k >= ctx ? k - ctx : 0;
    std::size_t end = k;
    std::size_t same = 0;
    while (end < script.size()) {
      if (script[end].first == ' ') {
        if (++same > 2 * ctx) break;
      } else {
        same = 0;
      }
      ++end;
    }
    end = std::min(script.size(), end - (same > ctx ? same - ctx : 0));
    std::size_t a_line = 1, b_line = 1;
    for (std::size_t i = 0; i < start; ++i) {
      if (script[i].first != '+') ++a_line;
      if (script[i].first != '-') ++b_line;
    }
    std::size_t a_cnt = 0, b_cnt = 0;
    std::string body;
    for (std::size_t i = start; i < end; ++i) {
      if (script[i].first != '+') ++a_cnt;
      if (script[i].first != '-') ++b_cnt;
      body += script[i].first + script[i].second + "\n";
    }
    out += "@@ -" + std::to_string(a_cnt ? a_line : a_line - 1) + "," + std::to_string(a_cnt) + " +" +
           std::to_string(b_cnt ? b_line : b_line - 1) + "," + std::to_string(b_cnt) + " @@\n" + body;
    k = end;
  }
  return out;
}

}  // namespace slipway::sink
