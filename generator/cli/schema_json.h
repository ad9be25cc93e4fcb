// The JSON Schema of the spec format (draft 2020-12), for editors (yaml-language-server) and CI.
#pragma once
#include <string>

namespace slipway::cli {

// The schema's text, pretty-printed, ending in a newline. Identical to docs/slipway.schema.json.
std::string schema_json();

}  // namespace slipway::cli
