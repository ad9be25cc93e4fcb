// The templates compiled into the binary (generated at build time from templates/).
#pragma once
#include <cstddef>

namespace slipway::emit::handlers {

struct EmbeddedTemplate {
  const char* name;  // path relative to templates/, '/'-separated
  const char* text;
};

extern const EmbeddedTemplate kEmbeddedTemplates[];
extern const std::size_t kEmbeddedTemplateCount;

}  // namespace slipway::emit::handlers
