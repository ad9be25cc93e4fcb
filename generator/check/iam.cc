// IAM checks that need only the model: raw `aws:` grants that ask for a wildcard (a warning: the only
// way a wildcard enters a generated policy), and role names that would clash.
#include <algorithm>

#include "check/iam_star_only.h"
#include "check/passes.h"
#include "model/iam_action.h"

namespace slipway::check {


namespace {
bool wild(const std::string& s) { return s.find('*') != std::string::npos || s.find('?') != std::string::npos; }
}  // namespace

void check_iam(const model::System& system, base::Diagnostics& diags) {
  // A handler's own `schedule:` and an entry of `schedules:` both get a role `scheduler_<name>`.
  for (const auto& h : system.handlers) {
    if (!h.schedule || !system.schedule(h.name)) continue;
    auto& d = diags.error("iam-role-conflict", h.schedule->span,
                          "handler '" + h.name + "' has a schedule: trigger and a schedule of the same name exists; "
                          "both would need the IAM role 'scheduler_" + h.name + "'");
    d.notes.push_back({system.schedule(h.name)->span, "the schedule is declared here"});
  }
  for (const auto& h : system.handlers) {
    for (const auto& g : h.aws) {
      // Malformed grants (no actions or resources, an action without its service) are reported by the
      // lowering; a wildcard warning on top would only repeat the problem.
      bool malformed = g.actions.empty() || g.resources.empty() ||
                       !std::all_of(g.actions.begin(), g.actions.end(), model::is_iam_action);
      if (malformed) continue;
      std::vector<std::string> wilds;
      for (const auto& a : g.actions) {
        if (wild(a)) wilds.push_back("action '" + a + "'");
      }
      // "*" is the only possible resource when every action supports no resource-level permission.
      bool only_star_actions = std::all_of(g.actions.begin(), g.actions.end(),
                                           [](const std::string& a) { return !wild(a) && iam_star_only(a); });
      for (const auto& r : g.resources) {
        if (r == "*" && only_star_actions) continue;
        if (wild(r)) wilds.push_back("resource '" + r + "'");
      }
      if (wilds.empty()) continue;
      std::string list;
      for (const auto& w : wilds) list += (list.empty() ? "" : ", ") + w;
      auto& d = diags.warning("iam-wildcard", g.span,
                              "raw grant of handler '" + h.name + "' uses a wildcard: " + list);
      d.fix = "name the exact actions and resource ARNs if you can";
    }
  }
}

}  // namespace slipway::check
