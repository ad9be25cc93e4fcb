#include "check/check.h"

#include "check/passes.h"

namespace slipway::check {

const std::vector<PassInfo>& passes() {
  static const std::vector<PassInfo> kPasses = {
      {"references", check_references},
      {"names", check_names},
      {"limits", check_limits},
      {"event-flow", check_event_flow},
      {"workflows", check_workflows},
      {"iam", check_iam},
  };
  return kPasses;
}

void check(const model::Program& program, base::Diagnostics& diags) {
  for (const auto& system : program.systems) {
    for (const auto& p : passes()) p.run(system, diags);
  }
}

}  // namespace slipway::check
