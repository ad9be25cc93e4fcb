// The workflow condition language (`if:` of choice steps):
//   comparisons == != < <= > >= between a path ($.a.b[0]) and a literal or another path,
//   and / or / not / parentheses, is_present(p) is_null(p) is_string(p) is_numeric(p) is_boolean(p)
//   is_timestamp(p), and `p matches "glob*"`.
#pragma once
#include <optional>
#include <string_view>

#include "base/diagnostic.h"
#include "model/model.h"

namespace slipway::lower {

// `span` is the position of the text's first character; errors point into the text.
std::optional<model::Condition> parse_condition(std::string_view text, base::Span span, base::Diagnostics& diags);

}  // namespace slipway::lower
