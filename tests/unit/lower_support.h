// Lowering a spec text in a test (tests/unit/lower_*_test.cc): the program, and the diagnostics sorted as
// the command line prints them.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "base/diagnostic.h"
#include "lower/lower.h"
#include "spec/loader.h"

namespace slipway::testing {

struct Lowered {
  base::Sources sources;
  base::Diagnostics diags;
  model::Program program;
  std::string text() const { return base::format_text(diags, sources); }
  const model::System& sys() const { return program.systems.at(0); }
  // The system as lowered for one environment.
  const model::System& env(const std::string& name) const {
    for (const auto& s : program.systems) {
      if (s.environment == name) return s;
    }
    throw std::runtime_error("no environment " + name);
  }
};

// Parses `yaml` as the file t.yaml and lowers it; the diagnostics come sorted, each once.
inline Lowered lower(const std::string& yaml) {
  Lowered l;
  const std::uint32_t file = l.sources.add("t.yaml");
  auto root = spec::parse_yaml(yaml, file, l.diags);
  if (root) l.program = lower::lower(*root, l.diags);
  l.diags.sort_and_unique();
  return l;
}

}  // namespace slipway::testing
