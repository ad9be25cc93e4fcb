// EventBridge event patterns: parse, validate and match, with EventBridge's documented semantics.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace slipway::match {

struct MatchResult {
  bool matched = false;
  std::string reason;  // when not matched: the first field that failed and why
};

// Returns "" when `pattern` is a valid EventBridge pattern, otherwise what is wrong with it.
std::string validate_pattern(const nlohmann::json& pattern);

// Whether `event` matches `pattern` (which must be valid).
MatchResult match_event(const nlohmann::json& pattern, const nlohmann::json& event);

}  // namespace slipway::match
