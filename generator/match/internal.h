// Shared by the matcher's validation and matching halves.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "match/value.h"

namespace slipway::match::internal {

inline constexpr const char* kOr = "$or";

// Numbers as EventBridge compares them: -5e9..5e9, six digits after the point. nullopt when out of range.
std::optional<std::int64_t> comparable(double d);

// "a.b" path joining; the empty path is the pattern root.
inline std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// The name of an operator object `{"prefix": ...}` (its one key), or "" when it is not one.
std::string operator_name(const Value& v);

}  // namespace slipway::match::internal
