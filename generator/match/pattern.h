// EventBridge event patterns: parse, validate and match, with EventBridge's documented semantics.
//
// - A pattern is an object; each field holds an object (a nested field) or a non-empty array of matchers;
//   `$or` holds an array of two or more sub-patterns. A field matches when any matcher in its array does.
// - Exact values compare by their JSON text: strings exactly, numbers as written (300 and 300.0 differ),
//   true/false/null by kind. `numeric` and `anything-but` numbers compare by value (6 decimal places,
//   limited to -5e9..5e9).
// - An array in the event matches when any element does; fields from objects inside one array must come
//   from the same element.
// - `exists: false` matches a missing field (or one without a leaf value: an object or an empty array);
//   `[null]` matches an explicit null, which `exists: true` counts as present.
// - prefix, suffix, equals-ignore-case, wildcard and cidr apply to strings only; anything-but matches any
//   present leaf value except the ones it names.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "match/value.h"

namespace slipway::match {

struct MatchResult {
  bool matched = false;
  std::string reason;  // when not matched: the first field that failed and why
};

// Returns "" when `pattern` is a valid EventBridge pattern, otherwise what is wrong with it (with the path
// of the offending field).
std::string validate_pattern(const nlohmann::json& pattern);
std::string validate_pattern(const Value& pattern);

// Whether `event` matches `pattern` (which must be valid).
MatchResult match_event(const nlohmann::json& pattern, const nlohmann::json& event);
MatchResult match_event(const Value& pattern, const Value& event);

}  // namespace slipway::match
