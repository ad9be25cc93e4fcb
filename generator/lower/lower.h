// spec::Node -> model::Program: resolves names, types, defaults and environments. Reports unknown keys,
// wrong types and malformed values with their positions; keeps going to report everything.
#pragma once
#include <cstddef>

#include "base/diagnostic.h"
#include "model/model.h"
#include "spec/node.h"

namespace slipway::lower {

// When the largest of the handlers, workflows and rules sections has this many entries, and the other two
// as many together, the three are lowered on two threads. The result, diagnostics and their order
// included, is the same either way.
inline constexpr std::size_t kParallelLowering = 256;

model::Program lower(const spec::Node& root, base::Diagnostics& diags, std::size_t parallel_from = kParallelLowering);
// The same, consuming the tree: each section's value (the handlers, the rules, ...) is freed as soon as it
// is lowered and left an empty node, unless an alias shares it, so that the program takes the tree's place
// in memory rather than adding to it (at N=100,000 handlers the tree is about 500 MB). The keys stay.
model::Program lower_consuming(spec::Node& root, base::Diagnostics& diags,
                               std::size_t parallel_from = kParallelLowering);

}  // namespace slipway::lower
