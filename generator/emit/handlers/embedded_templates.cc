// The default templates: every file of templates/, embedded at build time (see embed_templates.cmake).
#include "emit/backend.h"
#include "emit/handlers/embedded.h"

namespace slipway::emit {

std::map<std::string, std::string> default_templates() {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < handlers::kEmbeddedTemplateCount; ++i) {
    out[handlers::kEmbeddedTemplates[i].name] = handlers::kEmbeddedTemplates[i].text;
  }
  return out;
}

}  // namespace slipway::emit
