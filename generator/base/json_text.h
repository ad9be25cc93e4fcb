// JSON text written by hand (the manifest, IAM policy documents), where building a tree first would cost
// more than the text itself.
#pragma once
#include <string>
#include <string_view>

namespace slipway::base {

// Appends `s` as a JSON string literal, exactly as nlohmann's dump() writes it: the common printable
// ASCII string is copied between quotes; anything else (escapes, UTF-8, which dump() also checks) goes
// through nlohmann.
void append_json_string(std::string& out, std::string_view s);

}  // namespace slipway::base
