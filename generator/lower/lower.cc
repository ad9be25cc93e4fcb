#include "lower/lower.h"

namespace slipway::lower {

model::Program lower(const spec::Node&, base::Diagnostics&) { return {}; }

}  // namespace slipway::lower
