// The workflow pass: references of steps, Step Functions' rules for express workflows, retry and catch
// order, emitted event details; the state graph and types live in workflow_graph.cc and workflow_types.cc.
#include <algorithm>

#include "check/passes.h"
#include "check/workflow_internal.h"

namespace slipway::check {

namespace {

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.name);
  return out;
}

// "step 'a' refers to handler 'x', which is not declared" with a did-you-mean.
void unknown(base::Diagnostic& d, const model::Step& s, const char* kind, const std::vector<std::string>& known) {
  d.message = "step '" + s.name + "' refers to " + kind + " '" + s.target + "', which is not declared";
  d.fix = base::did_you_mean(s.target, known);
}

void check_references(const model::System& sys, const model::Step& s, base::Diagnostics& diags) {
  using K = model::StepKind;
  switch (s.kind) {
    case K::Invoke:
      if (!sys.handler(s.target)) unknown(diags.error("unknown-handler", s.span, ""), s, "handler", names_of(sys.handlers));
      break;
    case K::Emit:
      if (!sys.event(s.target)) unknown(diags.error("unknown-event", s.span, ""), s, "event", names_of(sys.events));
      break;
    case K::Publish:
      if (!sys.topic(s.target)) unknown(diags.error("unknown-topic", s.span, ""), s, "topic", names_of(sys.topics));
      break;
    case K::Send:
      if (!sys.queue(s.target)) unknown(diags.error("unknown-queue", s.span, ""), s, "queue", names_of(sys.queues));
      break;
    case K::DynamoDb:
      if (!sys.table(s.target)) unknown(diags.error("unknown-table", s.span, ""), s, "table", names_of(sys.tables));
      break;
    case K::Start:
      if (!sys.workflow(s.target)) {
        unknown(diags.error("unknown-workflow", s.span, ""), s, "workflow", names_of(sys.workflows));
      }
      break;
    default:
      break;
  }
}

// States.ALL must stand alone and come last in a Retry or Catch list.
template <typename T>
void check_error_order(const std::vector<T>& list, const char* what, base::Diagnostics& diags) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& errors = list[i].errors;
    const bool all = errors.empty() || std::find(errors.begin(), errors.end(), "States.ALL") != errors.end();
    if (!all) continue;
    if (errors.size() > 1) {
      diags.error("states-all-not-last", list[i].span, std::string("States.ALL must be the only error of its ") + what)
          .fix = "list the other errors in an earlier entry";
    }
    if (i + 1 < list.size()) {
      diags.error("states-all-not-last", list[i + 1].span,
                  std::string("this ") + what + " entry can never apply: an earlier entry matches States.ALL")
          .fix = "move the States.ALL entry last";
    }
  }
}

void check_emit_detail(const model::System& sys, const model::Step& s, base::Diagnostics& diags) {
  const model::Event* e = sys.event(s.target);
  if (!e || !e->detail || !s.payload.is_object()) return;
  std::vector<std::string> fields;
  for (const auto& f : e->detail->fields) fields.push_back(f.name);
  std::set<std::string> given;
  for (const auto& [k, _] : s.payload.items()) {
    const std::string name = k.size() > 2 && k.substr(k.size() - 2) == ".$" ? k.substr(0, k.size() - 2) : k;
    given.insert(name);
    if (!e->detail->field(name)) {
      diags.error("unknown-detail-field", s.span,
                  "event '" + e->name + "' has no field '" + name + "' (step '" + s.name + "')")
          .fix = base::did_you_mean(name, fields);
    }
  }
  std::string missing;
  for (const auto& f : e->detail->fields) {
    if (!f.optional && !given.count(f.name)) missing += (missing.empty() ? "'" : ", '") + f.name + "'";
  }
  if (!missing.empty()) {
    diags.warning("missing-detail-field", s.span,
                  "step '" + s.name + "' emits " + e->name + " without its required field(s) " + missing);
  }
}

void check_workflow(const model::System& sys, const model::Workflow& w, base::Diagnostics& diags) {
  const bool express = w.type == "EXPRESS";
  check_error_order(w.catches, "catch", diags);
  check_error_order(w.retry, "retry", diags);
  visit_workflow_steps(w, [&](const model::Step& s) {
    check_references(sys, s, diags);
    check_error_order(s.retry, "retry", diags);
    check_error_order(s.catches, "catch", diags);
    if (s.kind == model::StepKind::Emit) check_emit_detail(sys, s, diags);
    if (express && s.kind == model::StepKind::Start && s.sync) {
      diags.error("express-limit", s.span,
                  "step '" + s.name + "' waits for workflow '" + s.target + "', which express workflows cannot do")
          .fix = "start it without `sync: true`, or make '" + w.name + "' a standard workflow";
    }
    if (express && s.kind == model::StepKind::Wait && s.wait_seconds && *s.wait_seconds > 300) {
      diags.error("express-limit", s.span, "step '" + s.name + "' waits longer than an express workflow may run (5 minutes)");
    }
    if (s.heartbeat_seconds && s.timeout_seconds && *s.heartbeat_seconds >= *s.timeout_seconds) {
      diags.error("out-of-range", s.span, "the heartbeat of step '" + s.name + "' must be shorter than its timeout");
    }
  });
  check_workflow_graph(sys, w, diags);
  check_workflow_types(sys, w, diags);
}

}  // namespace

void check_workflows(const model::System& system, base::Diagnostics& diags) {
  for (const auto& w : system.workflows) check_workflow(system, w, diags);
}

}  // namespace slipway::check
