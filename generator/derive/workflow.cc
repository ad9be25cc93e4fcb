#include "derive/workflow.h"

#include <cctype>
#include <optional>
#include <vector>

#include "derive/naming.h"

namespace slipway::derive {

namespace {

void visit_steps(const std::vector<model::Step>& steps, const std::function<void(const model::Step&)>& visit) {
  for (const auto& s : steps) {
    visit(s);
    for (const auto& b : s.branches) visit_steps(b, visit);
    visit_steps(s.iterator, visit);
    for (const auto& c : s.choices) visit_steps(c.steps, visit);
    if (s.otherwise) visit_steps(*s.otherwise, visit);
    for (const auto& c : s.catches) visit_steps(c.steps, visit);
  }
}

// Spec reference kinds (plural, as written in `${tables.x.name}`) -> placeholder kinds.
const std::map<std::string, std::string>& ref_kinds() {
  static const std::map<std::string, std::string> kKinds = {
      {"buckets", "bucket"}, {"tables", "table"},   {"queues", "queue"},     {"topics", "topic"},
      {"secrets", "secret"}, {"parameters", "parameter"}, {"buses", "bus"}, {"handlers", "handler"},
      {"workflows", "workflow"}, {"flags", "flag"}};
  return kKinds;
}

std::string ref_placeholder(const model::Ref& r) {
  const std::string& kind = ref_kinds().at(r.kind);
  return placeholder(kind, r.name, r.kind == "flags" ? "value" : r.attr);
}

std::optional<model::Ref> parse_ref(std::string_view inner) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = inner.find('.', start);
    parts.emplace_back(inner.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (const auto& p : parts) {
    if (p.empty()) return std::nullopt;
    for (char c : p) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return std::nullopt;
    }
  }
  if (parts.empty() || !ref_kinds().count(parts[0])) return std::nullopt;
  if (parts[0] == "flags") {
    if (parts.size() != 2) return std::nullopt;
    return model::Ref{parts[0], parts[1], ""};
  }
  if (parts.size() != 3) return std::nullopt;
  return model::Ref{parts[0], parts[1], parts[2]};
}

// The state machine itself, or one that (transitively) starts it back: its ARN must not come from the
// aws_sfn_state_machine resource, or Terraform would see a cycle.
bool starts_back(const model::System& system, const std::string& from, const std::string& target) {
  std::set<std::string> seen;
  std::vector<std::string> todo = {target};
  while (!todo.empty()) {
    const std::string w = todo.back();
    todo.pop_back();
    if (w == from) return true;
    if (!seen.insert(w).second) continue;
    const model::Workflow* wf = system.workflow(w);
    if (!wf) continue;
    const WorkflowTouches t = workflow_touches(*wf);
    todo.insert(todo.end(), t.workflows_async.begin(), t.workflows_async.end());
    todo.insert(todo.end(), t.workflows_sync.begin(), t.workflows_sync.end());
  }
  return false;
}

std::string tf_expression(const model::System& system, const model::Workflow& workflow, const model::Ref& r) {
  const std::string id = tf_id(r.name);
  if (r.kind == "flags") return "var." + id;
  if (r.kind == "buckets") return "aws_s3_bucket." + id + "." + (r.attr == "name" ? "bucket" : r.attr);
  if (r.kind == "tables") return "aws_dynamodb_table." + id + "." + r.attr;
  if (r.kind == "queues") return "aws_sqs_queue." + id + "." + r.attr;
  if (r.kind == "topics") return "aws_sns_topic." + id + "." + r.attr;
  if (r.kind == "secrets") return "aws_secretsmanager_secret." + id + "." + r.attr;
  if (r.kind == "parameters") return "aws_ssm_parameter." + id + "." + r.attr;
  if (r.kind == "handlers") return "aws_lambda_function." + id + "." + (r.attr == "name" ? "function_name" : r.attr);
  if (r.kind == "buses") {
    const model::Bus* bus = system.bus(r.name);
    if ((bus && bus->is_default()) || r.name == "default") {
      if (r.attr == "name") return "\"default\"";
      return "\"arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.region}:"
             "${data.aws_caller_identity.current.account_id}:event-bus/default\"";
    }
    return "aws_cloudwatch_event_bus." + id + "." + r.attr;
  }
  // workflows
  if (r.attr == "arn" && starts_back(system, workflow.name, r.name)) {
    return "\"arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.region}:"
           "${data.aws_caller_identity.current.account_id}:stateMachine:" + aws_name(system, r.name) + "\"";
  }
  if (r.attr == "name" && r.name == workflow.name) return "\"" + aws_name(system, r.name) + "\"";
  return "aws_sfn_state_machine." + id + "." + r.attr;
}

void collect_json_refs(const model::Json& j, std::map<std::string, model::Ref>& used) {
  if (j.is_string()) {
    template_text(j.get_ref<const std::string&>(), &used);
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      template_text(k, &used);
      collect_json_refs(v, used);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect_json_refs(v, used);
  }
}

}  // namespace

void for_each_step(const model::Workflow& workflow, const std::function<void(const model::Step&)>& visit) {
  visit_steps(workflow.steps, visit);
  for (const auto& c : workflow.catches) visit_steps(c.steps, visit);
}

bool step_yields_value(const model::Step& step) {
  switch (step.kind) {
    case model::StepKind::Invoke:
    case model::StepKind::Parallel:
    case model::StepKind::Map:
      return true;
    case model::StepKind::DynamoDb:
      return step.dynamodb_op == "get";
    case model::StepKind::Start:
      return step.sync;
    default:
      return false;
  }
}

WorkflowTouches workflow_touches(const model::Workflow& workflow) {
  WorkflowTouches t;
  for_each_step(workflow, [&](const model::Step& s) {
    switch (s.kind) {
      case model::StepKind::Invoke: t.handlers.insert(s.target); break;
      case model::StepKind::Emit: t.events.insert(s.target); break;
      case model::StepKind::Publish: t.topics.insert(s.target); break;
      case model::StepKind::Send: t.queues.insert(s.target); break;
      case model::StepKind::DynamoDb: t.tables[s.target].insert(s.dynamodb_op); break;
      case model::StepKind::Start: (s.sync ? t.workflows_sync : t.workflows_async).insert(s.target); break;
      default: break;
    }
  });
  return t;
}

std::string template_text(std::string_view text, std::map<std::string, model::Ref>* used) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool opens = (c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{';
    if (!opens) {
      out += c;
      continue;
    }
    if (c == '$') {
      const std::size_t close = text.find('}', i + 2);
      if (close != std::string_view::npos) {
        if (auto ref = parse_ref(text.substr(i + 2, close - i - 2))) {
          const std::string name = ref_placeholder(*ref);
          if (used) used->emplace(name, *ref);
          out += "${" + name + "}";
          i = close;
          continue;
        }
      }
    }
    out += c;
    out += c;  // $${ and %%{ are Terraform's escapes for a literal ${ and %{
  }
  return out;
}

std::map<std::string, std::string> workflow_template_vars(const model::System& system,
                                                          const model::Workflow& workflow) {
  std::map<std::string, model::Ref> used;
  const WorkflowTouches t = workflow_touches(workflow);
  for (const auto& h : t.handlers) used.emplace(placeholder("handler", h, "arn"), model::Ref{"handlers", h, "arn"});
  for (const auto& e : t.events) {
    const model::Event* ev = system.event(e);
    const std::string bus = ev ? ev->bus : "default";
    used.emplace(placeholder("bus", bus, "name"), model::Ref{"buses", bus, "name"});
  }
  for (const auto& x : t.topics) used.emplace(placeholder("topic", x, "arn"), model::Ref{"topics", x, "arn"});
  for (const auto& x : t.queues) used.emplace(placeholder("queue", x, "url"), model::Ref{"queues", x, "url"});
  for (const auto& [x, _] : t.tables) used.emplace(placeholder("table", x, "name"), model::Ref{"tables", x, "name"});
  for (const auto& x : t.workflows_async) {
    used.emplace(placeholder("workflow", x, "arn"), model::Ref{"workflows", x, "arn"});
  }
  for (const auto& x : t.workflows_sync) {
    used.emplace(placeholder("workflow", x, "arn"), model::Ref{"workflows", x, "arn"});
  }
  for_each_step(workflow, [&](const model::Step& s) {
    for (const model::Json* j : {&s.payload, &s.key, &s.item, &s.expression_values, &s.raw}) collect_json_refs(*j, used);
    for (const std::string* str : {&s.error, &s.cause, &s.update_expression}) template_text(*str, &used);
  });
  template_text(workflow.description, &used);
  std::map<std::string, std::string> vars;
  for (const auto& [name, ref] : used) vars.emplace(name, tf_expression(system, workflow, ref));
  return vars;
}

}  // namespace slipway::derive
