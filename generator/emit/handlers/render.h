// Renders a Mustache template over a JSON view. Values are inserted as they are: the output is C++, CMake
// and Markdown, never HTML, so nothing is escaped. render.cc says which rules it follows.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "emit/handlers/data.h"
#include "model/model.h"

namespace slipway::emit::handlers {

struct Rendered {
  std::string text;
  std::string error;  // "" on success
};

// One render, over a JSON view (as the tests hold it).
Rendered render(const std::string& template_text, const model::Json& view);

// The first pass over a template, before it is parsed: each line that holds only one section,
// inverted-section, closing or comment tag (and blanks) becomes that tag followed by
// kStandaloneMarker, joined to the next line. The renderer keeps a marked line even when it renders blank.
inline constexpr char kStandaloneMarker = '\x01';
std::string strip_standalone_lines(std::string_view text);

// Renders many views through the same templates: each template is compiled once, so a system of N
// handlers costs N renders, not N parses.
class Renderer {
 public:
  Renderer();
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Makes `view` the data of the following render() calls.
  void set_view(Data view);
  // Renders the template called `name` (whose text is `text`) over the current view.
  Rendered render(const std::string& name, const std::string& text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slipway::emit::handlers
