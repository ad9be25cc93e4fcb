// Renders a Mustache template (kainjow) over a JSON view. Values are inserted as they are: the output is
// C++, CMake and Markdown, never HTML, so nothing is escaped.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "model/model.h"

namespace slipway::emit::handlers {

struct Rendered {
  std::string text;
  std::string error;  // "" on success
};

Rendered render(const std::string& template_text, const model::Json& view);

// Renders many views through the same templates: each template is compiled once and each view is
// converted to Mustache data once, so a system of N handlers costs N renders, not N parses.
class Renderer {
 public:
  Renderer();
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Makes `view` the data of the following render() calls.
  void set_view(const model::Json& view);
  // Renders the template called `name` (whose text is `text`) over the current view.
  Rendered render(const std::string& name, const std::string& text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slipway::emit::handlers
