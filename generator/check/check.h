// Validation passes over the resolved model. Every pass sees the whole program and reports every
// problem it finds; the table of passes lives in check.cc.
#pragma once
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"

namespace slipway::check {

using Pass = void (*)(const model::System& system, base::Diagnostics& diags);

struct PassInfo {
  const char* name;
  Pass run;
};

const std::vector<PassInfo>& passes();

// Runs every pass over one system, on two threads when the system has kParallelFrom handlers, rules and
// workflows or more; the diagnostics come in the order of passes(), as one pass after the other gives them.
inline constexpr std::size_t kParallelFrom = 256;
void check_system(const model::System& system, base::Diagnostics& diags);

// Runs every pass over every environment's system; diagnostics are de-duplicated by the caller.
void check(const model::Program& program, base::Diagnostics& diags);

}  // namespace slipway::check
