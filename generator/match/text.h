// String tests the matcher needs: Unicode-aware case folding, EventBridge wildcards and CIDR blocks.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace slipway::match {

// Lowercases a UTF-8 string for equals-ignore-case comparisons: ASCII, Latin-1, Latin Extended-A, Greek
// and Cyrillic letters. Independent of the C locale. Invalid bytes are kept as they are.
std::string fold_case(const std::string& s);

// Checks a wildcard pattern: '*' matches any run of characters, "\*" a literal star, "\\" a backslash;
// two '*' in a row and a backslash before anything else are errors. Returns "" when valid.
std::string check_wildcard(const std::string& pattern);
// Whether `value` matches the (valid) wildcard pattern.
bool wildcard_matches(const std::string& pattern, const std::string& value);

// An IPv4 or IPv6 address as 16 bytes (IPv4 in the first 4) and its family.
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
};
std::optional<IpAddress> parse_ip(const std::string& text);

struct Cidr {
  IpAddress base;
  int prefix_bits = 0;
  bool contains(const IpAddress& a) const;
};
// Parses "a.b.c.d/n" or "x:y::z/n"; returns nullopt and sets `error` when malformed.
std::optional<Cidr> parse_cidr(const std::string& text, std::string& error);

}  // namespace slipway::match
