// Small helpers shared by the check passes.
#pragma once
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"

namespace slipway::check {

inline std::string q(const std::string& s) { return "'" + s + "'"; }

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& x : v) out.push_back(x.name);
  return out;
}

// "<who> refers to <kind> '<name>', which is not declared" with a did-you-mean hint.
inline base::Diagnostic& unknown(base::Diagnostics& d, base::Span span, const std::string& who, const std::string& kind,
                    const std::string& name, const std::vector<std::string>& candidates) {
  auto& diag = d.error("unknown-" + kind, span, who + " refers to " + kind + " " + q(name) + ", which is not declared");
  diag.fix = base::did_you_mean(name, candidates);
  return diag;
}

}  // namespace slipway::check
