// Placeholder until the condition parser lands.
#include "lower/condition.h"

namespace slipway::lower {

std::optional<model::Condition> parse_condition(std::string_view, base::Span span, base::Diagnostics& diags) {
  diags.error("bad-condition", span, "conditions are not supported yet");
  return std::nullopt;
}

}  // namespace slipway::lower
