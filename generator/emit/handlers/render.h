// Renders a Mustache template (kainjow) over a JSON view. Values are inserted as they are: the output is
// C++, CMake and Markdown, never HTML, so nothing is escaped.
#pragma once
#include <string>

#include "model/model.h"

namespace slipway::emit::handlers {

struct Rendered {
  std::string text;
  std::string error;  // "" on success
};

Rendered render(const std::string& template_text, const model::Json& view);

}  // namespace slipway::emit::handlers
