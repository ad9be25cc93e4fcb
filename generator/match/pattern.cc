// Placeholder until the matcher lands.
#include "match/pattern.h"

namespace slipway::match {

std::string validate_pattern(const nlohmann::json&) { return "pattern matching is not implemented yet"; }
MatchResult match_event(const nlohmann::json&, const nlohmann::json&) { return {}; }

}  // namespace slipway::match
