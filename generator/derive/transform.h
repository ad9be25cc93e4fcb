// The input a rule target receives: a target's InputShape applied to an event, with the semantics
// EventBridge gives the compiled form (input_path, or input_paths + input_template).
//
// - No shape and no path: the whole event.
// - `path` alone (`input: $.detail`): the value at that path (InputPath); a missing path gives null.
// - `shape`: the JSON of the shape with every string that is a path ("$", "$.a.b", "$.items[0].id")
//   replaced by the event's value there, as JSON (objects, arrays, numbers and strings keep their type);
//   a path the event lacks gives null, as EventBridge's transformer does for an unmatched input path.
//   Other values are constants.
#pragma once
#include <optional>
#include <string>

#include "model/model.h"

namespace slipway::derive {

// The value at a JSONPath-like reference ("$", "$.a.b", "$.a[0].b") or nullopt when the event lacks it.
std::optional<model::Json> json_at(const model::Json& event, const std::string& path);

// True for strings the transformer treats as paths.
bool is_input_path(const std::string& s);

// The input the target receives for `event`.
model::Json apply_input(const model::InputShape& input, const model::Json& event);

}  // namespace slipway::derive
