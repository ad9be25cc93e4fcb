// A workflow's execution role: exactly the functions and services its steps touch, plus logging and
// tracing. The walk over the steps is ours; derive::workflow_touches (owned by the ASL backend) is
// merged in, so either source alone is enough and both must agree with the state machine.
#include "derive/iam_internal.h"
#include "derive/naming.h"
#include "derive/workflow.h"

namespace slipway::derive::iam_detail {

namespace {

void walk(const std::vector<model::Step>& steps, WorkflowTouches& t);

void walk_catches(const std::vector<model::StepCatch>& catches, WorkflowTouches& t) {
  for (const auto& c : catches) walk(c.steps, t);
}

void walk(const std::vector<model::Step>& steps, WorkflowTouches& t) {
  using K = model::StepKind;
  for (const auto& s : steps) {
    switch (s.kind) {
      case K::Invoke: t.handlers.insert(s.target); break;
      case K::Emit: t.events.insert(s.target); break;
      case K::Publish: t.topics.insert(s.target); break;
      case K::Send: t.queues.insert(s.target); break;
      case K::DynamoDb: t.tables[s.target].insert(s.dynamodb_op); break;
      case K::Start: (s.sync ? t.workflows_sync : t.workflows_async).insert(s.target); break;
      case K::Parallel:
        for (const auto& b : s.branches) walk(b, t);
        break;
      case K::Map: walk(s.iterator, t); break;
      case K::Choice:
        for (const auto& c : s.choices) walk(c.steps, t);
        if (s.otherwise) walk(*s.otherwise, t);
        break;
      default: break;
    }
    walk_catches(s.catches, t);
  }
}

template <typename Set>
void merge(Set& into, const Set& from) {
  into.insert(from.begin(), from.end());
}

WorkflowTouches touches(const model::Workflow& w) {
  WorkflowTouches t;
  walk(w.steps, t);
  walk_catches(w.catches, t);
  WorkflowTouches theirs = workflow_touches(w);
  merge(t.handlers, theirs.handlers);
  merge(t.events, theirs.events);
  merge(t.topics, theirs.topics);
  merge(t.queues, theirs.queues);
  merge(t.workflows_async, theirs.workflows_async);
  merge(t.workflows_sync, theirs.workflows_sync);
  for (const auto& [table, ops] : theirs.tables) merge(t.tables[table], ops);
  return t;
}

std::string dynamodb_action(const std::string& op) {
  if (op == "get") return "dynamodb:GetItem";
  if (op == "put") return "dynamodb:PutItem";
  if (op == "update") return "dynamodb:UpdateItem";
  if (op == "delete") return "dynamodb:DeleteItem";
  return "";
}

}  // namespace

Role workflow_role(Refs& refs, const model::Workflow& w) {
  const auto& s = refs.system();
  Role r;
  r.id = "sfn_" + w.name;
  r.name = workflow_role_name(s, w.name);
  r.service = "states.amazonaws.com";
  r.trust_condition = model::Json{{"StringEquals", {{"aws:SourceAccount", "${account_id}"}}},
                                  {"ArnLike", {{"aws:SourceArn", state_machine_arn(s, w.name)}}}};
  r.owner_kind = "workflow";
  r.owner_name = w.name;
  auto& out = r.statements;
  const WorkflowTouches t = touches(w);
  const model::Span span = w.span;

  for (const auto& h : t.handlers) {
    out.push_back(make(sid({"Invoke", h}), {"lambda:InvokeFunction"}, function_arns(refs, h), "step invokes " + h, span));
  }
  if (!t.events.empty()) {
    std::vector<std::string> events(t.events.begin(), t.events.end());
    std::string why = "step emits";
    for (const auto& e : events) why += " " + e;
    put_events_statements(refs, events, why, span, out);
  }
  for (const auto& topic : t.topics) {
    out.push_back(make(sid({"PublishTo", topic}), {"sns:Publish"}, {refs.topic(topic)}, "step publishes to " + topic, span));
  }
  for (const auto& q : t.queues) {
    out.push_back(make(sid({"SendTo", q}), {"sqs:SendMessage"}, {refs.queue(q)}, "step sends to " + q, span));
  }
  for (const auto& [table, ops] : t.tables) {
    std::vector<std::string> actions;
    std::string why = "dynamodb step(s):";
    for (const auto& op : ops) {
      if (auto a = dynamodb_action(op); !a.empty()) actions.push_back(a);
      why += " " + op;
    }
    if (!actions.empty()) out.push_back(make(sid({"Table", table}), actions, {refs.table(table)}, why + " on " + table, span));
  }
  // A self-start refers to its own ARN by name: the policy must not depend on its own state machine.
  auto machine = [&](const std::string& name) {
    return name == w.name ? state_machine_arn(s, name) : refs.workflow(name);
  };
  for (const auto& child : t.workflows_async) {
    out.push_back(make(sid({"Start", child}), {"states:StartExecution"}, {machine(child)}, "step starts " + child, span));
  }
  for (const auto& child : t.workflows_sync) {
    std::string why = "step starts " + child + " and waits (sync)";
    out.push_back(make(sid({"Start", child}), {"states:StartExecution"}, {machine(child)}, why, span));
    out.push_back(make(sid({"Track", child}), {"states:DescribeExecution", "states:StopExecution"},
                       {execution_arn_pattern(s, child)}, why, span));
  }
  if (!t.workflows_sync.empty()) {
    out.push_back(make("SyncCompletionRule", {"events:DescribeRule", "events:PutRule", "events:PutTargets"},
                       {arn("events", "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")},
                       "a step starts a workflow and waits (sync)", span));
  }
  if (w.logging && w.log_level != "OFF") {
    out.push_back(make("LogDelivery",
                       {"logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
                        "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
                        "logs:PutResourcePolicy", "logs:UpdateLogDelivery"},
                       {"*"}, "logging: { level: " + w.log_level + " }", span));
  }
  if (w.tracing) {
    out.push_back(make("Tracing",
                       {"xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords",
                        "xray:PutTraceSegments"},
                       {"*"}, "tracing: true", span));
  }
  return r;
}

}  // namespace slipway::derive::iam_detail
