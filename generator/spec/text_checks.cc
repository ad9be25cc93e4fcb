#include "spec/text_checks.h"

namespace slipway::spec {

namespace {
// Length of the UTF-8 sequence starting at s[i], or 0 when it is invalid.
std::size_t utf8_length(const std::string& s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;                             // overlong
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;         // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0;        // surrogates
  if (n == 4 && c == 0xF0 && b(i + 1) < 0x90) return 0;         // overlong
  if (n == 4 && (c > 0xF4 || (c == 0xF4 && b(i + 1) >= 0x90))) return 0;  // > U+10FFFF
  return n;
}
}  // namespace

bool check_text(std::string& text, std::uint32_t file, base::Diagnostics& diags) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  std::uint32_t line = 1, col = 1;
  bool at_indent = true;
  bool ok = true;
  bool reported_tab = false;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    // Printable ASCII, nearly every byte of a spec: valid UTF-8 of one byte, neither a line break nor a
    // tab, and the end of any indentation unless it is a space.
    if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x80) {
      if (c != ' ') at_indent = false;
      ++i;
      ++col;
      continue;
    }
    if (c == '\0') {
      diags.error("invalid-encoding", {file, line, col}, "the file contains a NUL byte; a spec is UTF-8 text");
      return false;
    }
    std::size_t n = utf8_length(text, i);
    if (n == 0) {
      diags.error("invalid-encoding", {file, line, col},
                  "the file is not valid UTF-8 (byte 0x" +
                      std::string(1, "0123456789ABCDEF"[static_cast<unsigned char>(c) >> 4]) +
                      std::string(1, "0123456789ABCDEF"[static_cast<unsigned char>(c) & 15]) + ")")
          .fix = "save the file as UTF-8";
      return false;
    }
    if (c == '\n') {
      ++line;
      col = 1;
      at_indent = true;
      i += 1;
      continue;
    }
    if (c == '\t' && at_indent && !reported_tab) {
      diags.error("tab-indent", {file, line, col}, "a tab in indentation; YAML indents with spaces only")
          .fix = "replace the tab with spaces";
      reported_tab = true;
      ok = false;
    }
    if (c != ' ' && c != '\t' && c != '\r') at_indent = false;
    i += n;
    ++col;
  }
  return ok;
}

}  // namespace slipway::spec
