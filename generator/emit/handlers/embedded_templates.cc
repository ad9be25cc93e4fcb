// Placeholder until the handler backend embeds templates/ at build time.
#include "emit/backend.h"

namespace slipway::emit {

std::map<std::string, std::string> default_templates() { return {}; }

}  // namespace slipway::emit
