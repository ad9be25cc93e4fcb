#include "match/text.h"

#include <vector>

namespace slipway::match {

namespace {

// Decodes one UTF-8 code point at s[i]; returns its length (1 for an invalid byte, with cp = the byte).
std::size_t decode(const std::string& s, std::size_t i, char32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    cp = b;
    return 1;
  }
  cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 0x2) {
      cp = b;
      return 1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  return len;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;                // Latin-1
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149) {  // Latin Extended-A
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 32;                // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

}  // namespace

std::string fold_case(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t n = decode(s, i, cp);
    if (n == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
      out += s[i];  // an invalid byte: keep it
    } else {
      encode(lower(cp), out);
    }
    i += n;
  }
  return out;
}

std::string check_wildcard(const std::string& p) {
  bool prev_star = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      if (i + 1 >= p.size() || (p[i + 1] != '*' && p[i + 1] != '\\')) {
        return "invalid escape at position " + std::to_string(i) + " in wildcard \"" + p +
               "\": a backslash may only escape '*' or '\\'";
      }
      ++i;
      prev_star = false;
    } else if (p[i] == '*') {
      if (prev_star) {
        return "consecutive wildcard characters at position " + std::to_string(i) + " in wildcard \"" + p + "\"";
      }
      prev_star = true;
    } else {
      prev_star = false;
    }
  }
  return "";
}

bool wildcard_matches(const std::string& pattern, const std::string& value) {
  // Tokens: literal bytes (with escapes resolved) and stars.
  struct Token {
    bool star;
    char c;
  };
  std::vector<Token> toks;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      toks.push_back({false, pattern[++i]});
    } else if (pattern[i] == '*') {
      toks.push_back({true, 0});
    } else {
      toks.push_back({false, pattern[i]});
    }
  }
  // Greedy matching with backtracking to the last star: linear in practice, no recursion.
  std::size_t t = 0, v = 0, star_t = std::string::npos, star_v = 0;
  while (v < value.size()) {
    if (t < toks.size() && !toks[t].star && toks[t].c == value[v]) {
      ++t;
      ++v;
    } else if (t < toks.size() && toks[t].star) {
      star_t = t++;
      star_v = v;
    } else if (star_t != std::string::npos) {
      t = star_t + 1;
      v = ++star_v;
    } else {
      return false;
    }
  }
  while (t < toks.size() && toks[t].star) ++t;
  return t == toks.size();
}

namespace {

std::optional<IpAddress> parse_v4(const std::string& s) {
  IpAddress a;
  int part = 0;
  std::size_t i = 0;
  while (part < 4) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return std::nullopt;
    int n = 0, digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      n = n * 10 + (s[i] - '0');
      if (++digits > 3 || n > 255) return std::nullopt;
      ++i;
    }
    a.bytes[part++] = static_cast<std::uint8_t>(n);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return a;
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<IpAddress> parse_v6(const std::string& s) {
  if (s.find(':') == std::string::npos) return std::nullopt;
  std::vector<std::uint16_t> head, tail;
  bool gap = false;
  std::size_t i = 0;
  if (s.rfind("::", 0) == 0) {
    gap = true;
    i = 2;
  } else if (!s.empty() && s[0] == ':') {
    return std::nullopt;
  }
  std::optional<IpAddress> v4_tail;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] != ':') ++j;
    std::string group = s.substr(i, j - i);
    if (group.empty()) return std::nullopt;
    if (group.find('.') != std::string::npos) {  // an embedded IPv4 address ends the address
      if (j != s.size()) return std::nullopt;
      v4_tail = parse_v4(group);
      if (!v4_tail) return std::nullopt;
      i = j;
      break;
    }
    if (group.size() > 4) return std::nullopt;
    unsigned n = 0;
    for (char c : group) {
      int h = hexval(c);
      if (h < 0) return std::nullopt;
      n = n * 16 + static_cast<unsigned>(h);
    }
    (gap ? tail : head).push_back(static_cast<std::uint16_t>(n));
    i = j;
    if (i < s.size()) {
      if (s.compare(i, 2, "::") == 0) {
        if (gap) return std::nullopt;
        gap = true;
        i += 2;
      } else {
        ++i;
        if (i == s.size()) return std::nullopt;  // a trailing single ':'
      }
    }
  }
  std::size_t groups = head.size() + tail.size() + (v4_tail ? 2 : 0);
  if (groups > 8 || (!gap && groups != 8) || (gap && groups == 8)) return std::nullopt;
  std::vector<std::uint16_t> all = head;
  all.resize(8 - tail.size() - (v4_tail ? 2 : 0), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  IpAddress a;
  a.v6 = true;
  for (std::size_t g = 0; g < all.size(); ++g) {
    a.bytes[2 * g] = static_cast<std::uint8_t>(all[g] >> 8);
    a.bytes[2 * g + 1] = static_cast<std::uint8_t>(all[g] & 0xFF);
  }
  if (v4_tail) {
    for (int k = 0; k < 4; ++k) a.bytes[12 + k] = v4_tail->bytes[k];
  }
  return a;
}

}  // namespace

std::optional<IpAddress> parse_ip(const std::string& text) {
  if (auto a = parse_v4(text)) return a;
  return parse_v6(text);
}

bool Cidr::contains(const IpAddress& a) const {
  if (a.v6 != base.v6) return false;
  int bits = prefix_bits;
  for (int k = 0; bits > 0; ++k, bits -= 8) {
    std::uint8_t mask = bits >= 8 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - bits));
    if ((a.bytes[k] & mask) != (base.bytes[k] & mask)) return false;
  }
  return true;
}

std::optional<Cidr> parse_cidr(const std::string& text, std::string& error) {
  auto slash = text.find('/');
  if (slash == std::string::npos || text.find('/', slash + 1) != std::string::npos) {
    error = "malformed CIDR \"" + text + "\": write an address, '/' and a prefix length";
    return std::nullopt;
  }
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) {
    error = "malformed CIDR \"" + text + "\": \"" + text.substr(0, slash) + "\" is not an IPv4 or IPv6 address";
    return std::nullopt;
  }
  std::string len = text.substr(slash + 1);
  int max = ip->v6 ? 128 : 32;
  int n = 0;
  bool ok = !len.empty() && len.size() <= 3;
  for (char c : len) {
    if (!ok || c < '0' || c > '9') {
      ok = false;
      break;
    }
    n = n * 10 + (c - '0');  // at most three digits: no overflow
  }
  if (!ok || n > max) {
    error = "malformed CIDR \"" + text + "\": the prefix length must be 0.." + std::to_string(max);
    return std::nullopt;
  }
  return Cidr{*ip, n};
}

}  // namespace slipway::match
