#include "check/check.h"

#include <algorithm>
#include <numeric>
#include <string_view>

#include "base/in_turn.h"
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

void check_system(const model::System& system, base::Diagnostics& diags) {
  const std::vector<PassInfo>& all = passes();
  std::vector<base::Diagnostics> found(all.size());
  // The event-flow pass costs about what all the others do together (callgrind, the N=1,000 workload of
  // tests/perf: 9.3 of 17.8 million instructions), so it is started first; each thread then takes the next
  // pass not yet started.
  std::vector<std::size_t> order(all.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_partition(order.begin(), order.end(),
                        [&](std::size_t i) { return std::string_view(all[i].name) == "event-flow"; });
  const std::size_t size = system.handlers.size() + system.rules.size() + system.workflows.size();
  base::in_turn(order.size(), size >= kParallelFrom ? base::cores(2) : 1,
                [&](std::size_t k) { all[order[k]].run(system, found[order[k]]); });  // rethrows what a pass threw
  for (const auto& f : found) diags.append(f);  // in the table's order, as one pass after the other
}

void check(const model::Program& program, base::Diagnostics& diags) {
  for (const auto& system : program.systems) check_system(system, diags);
}

}  // namespace slipway::check
