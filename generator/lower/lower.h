// spec::Node -> model::Program: resolves names, types, defaults and environments. Reports unknown keys,
// wrong types and malformed values with their positions; keeps going to report everything.
#pragma once
#include "base/diagnostic.h"
#include "model/model.h"
#include "spec/node.h"

namespace slipway::lower {

model::Program lower(const spec::Node& root, base::Diagnostics& diags);

}  // namespace slipway::lower
