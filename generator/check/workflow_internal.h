// Parts of the workflow pass (workflows.cc), one concern per file.
#pragma once
#include <set>
#include <string>

#include "base/diagnostic.h"
#include "model/model.h"

namespace slipway::check {

// The state graph: every ASL state a workflow flattens to, its scope and its transitions. Mirrors the
// ASL backend's flattening (emit/asl/definition.cc), which the check stage may not include.
void check_workflow_graph(const model::System& system, const model::Workflow& workflow, base::Diagnostics& diags);

// Paths into a typed input (`input: Event`) and the types that condition operators compare.
void check_workflow_types(const model::System& system, const model::Workflow& workflow, base::Diagnostics& diags);

// The steps a workflow reaches through lists, branches, iterators, choices and catches, in spec order.
template <typename F>
void visit_steps(const std::vector<model::Step>& steps, const F& f) {
  for (const auto& s : steps) {
    f(s);
    for (const auto& b : s.branches) visit_steps(b, f);
    visit_steps(s.iterator, f);
    for (const auto& c : s.choices) visit_steps(c.steps, f);
    if (s.otherwise) visit_steps(*s.otherwise, f);
    for (const auto& c : s.catches) visit_steps(c.steps, f);
  }
}

template <typename F>
void visit_workflow_steps(const model::Workflow& w, const F& f) {
  visit_steps(w.steps, f);
  for (const auto& c : w.catches) visit_steps(c.steps, f);
}

}  // namespace slipway::check
