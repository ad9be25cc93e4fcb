// events.tf: EventBridge buses, archives, rules, targets and the Lambda permissions rules need.
#include <algorithm>
#include <cctype>

#include "derive/naming.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

namespace {

// An input transformer: every "$."-string of the shape becomes an input path variable.
struct Transformer {
  std::vector<std::pair<std::string, std::string>> paths;  // variable -> path
  std::string input_template;
};

std::string variable_for(Transformer& t, const std::string& key_path, const std::string& path) {
  for (const auto& [name, p] : t.paths) {
    if (p == path) return name;
  }
  std::string base;
  for (char c : key_path) base += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (base.empty()) base = "value";
  std::string name = base;
  for (int n = 2; std::any_of(t.paths.begin(), t.paths.end(), [&](const auto& x) { return x.first == name; }); ++n) {
    name = base + "_" + std::to_string(n);
  }
  t.paths.emplace_back(name, path);
  return name;
}

void write_shape(const model::Json& v, const std::string& key_path, Transformer& t) {
  if (v.is_string() && v.get<std::string>().rfind("$.", 0) == 0) {
    t.input_template += "<" + variable_for(t, key_path, v.get<std::string>()) + ">";
  } else if (v.is_object()) {
    t.input_template += '{';
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) t.input_template += ", ";
      first = false;
      t.input_template += model::Json(it.key()).dump() + ": ";
      write_shape(it.value(), key_path.empty() ? it.key() : key_path + "_" + it.key(), t);
    }
    t.input_template += '}';
  } else if (v.is_array()) {
    t.input_template += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) t.input_template += ", ";
      write_shape(v[i], key_path + "_" + std::to_string(i), t);
    }
    t.input_template += ']';
  } else {
    t.input_template += v.dump();
  }
}

bool has_paths(const model::Json& v) {
  if (v.is_string()) return v.get<std::string>().rfind("$.", 0) == 0;
  if (v.is_structured()) {
    for (const auto& x : v) {
      if (has_paths(x)) return true;
    }
  }
  return false;
}

std::string kind_word(model::TargetKind k) {
  switch (k) {
    case model::TargetKind::Handler: return "handler";
    case model::TargetKind::Workflow: return "workflow";
    case model::TargetKind::Queue: return "queue";
    case model::TargetKind::Topic: return "topic";
    case model::TargetKind::Bus: return "bus";
    case model::TargetKind::Event: return "event";
  }
  return "target";
}

std::string target_label(const model::Target& t) {
  const bool arn = t.name.rfind("arn:", 0) == 0;
  return kind_word(t.kind) + "_" + (arn ? label_from(t.name) : derive::tf_id(t.name));
}

}  // namespace

// The pattern EventBridge matches: the event's source and detail-type, and the rule's `match` on detail.
Expr event_pattern(const model::Event& e, const model::Json& detail) {
  std::vector<std::pair<std::string, Expr>> items;
  items.emplace_back("source", Expr::list({Expr::str(e.source)}));
  items.emplace_back("detail-type", Expr::list({Expr::str(e.detail_type)}));
  if (!detail.is_null() && !(detail.is_object() && detail.empty())) items.emplace_back("detail", Expr::json(detail));
  return Expr::call("jsonencode", {Expr::object(std::move(items))});
}

// input / input_path / input_transformer of an EventBridge target.
void target_input(Block& target, const model::InputShape& in) {
  if (!in.present()) return;
  if (in.shape.is_null()) {
    target.attr("input_path", Expr::str(in.path));
    return;
  }
  if (!has_paths(in.shape)) {
    target.attr("input", Expr::call("jsonencode", {Expr::json(in.shape)}));
    return;
  }
  Transformer t;
  write_shape(in.shape, "", t);
  std::vector<std::pair<std::string, Expr>> paths;
  for (const auto& [name, path] : t.paths) paths.emplace_back(name, Expr::str(path));
  Block& x = target.block("input_transformer");
  x.attr("input_paths", Expr::object(std::move(paths)));
  x.attr("input_template", Expr::str(t.input_template));
}

void emit_events(Module& m) {
  const model::System& s = m.sys;
  const std::string_view file = "events.tf";
  for (const auto& b : s.buses) {
    if (!b.is_default()) {
      Block& bus = m.resource(file, "aws_cloudwatch_event_bus", derive::tf_id(b.name));
      bus.attr("name", prefixed(s, derive::bus_name(s, b)));
      if (!b.description.empty()) bus.attr("description", Expr::str(b.description));
    }
    if (b.archive_days) {
      Block& a = m.resource(file, "aws_cloudwatch_event_archive", derive::tf_id(b.name));
      a.attr("name", prefixed(s, derive::aws_name(s, b.name)));
      a.attr("description", Expr::str("Every event on the " + b.name + " bus."));
      a.attr("event_source_arn", Expr::raw(bus_arn(s, b.name)));
      a.attr("retention_days", Expr::num(*b.archive_days));
    }
  }

  for (const auto& r : s.rules) {
    const std::string id = derive::tf_id(r.name);
    Block& rule = m.resource(file, "aws_cloudwatch_event_rule", id);
    rule.attr("name", prefixed(s, derive::aws_name(s, r.name)));
    if (!r.description.empty()) rule.attr("description", Expr::str(r.description));
    if (r.bus != "default" && !r.bus.empty()) rule.attr("event_bus_name", Expr::raw(bus_name_expr(s, r.bus)));
    if (!r.schedule.expression.empty()) {
      rule.attr("schedule_expression", Expr::str(r.schedule.expression));
    } else if (const model::Event* e = s.event(r.event)) {
      rule.attr("event_pattern", event_pattern(*e, r.pattern));
    }
    rule.attr("state", state_expr(r.enabled));

    for (const auto& t : r.targets) {
      const std::string label = id + "_" + target_label(t);
      Block& target = m.resource(file, "aws_cloudwatch_event_target", label);
      target.attr("rule", Expr::raw("aws_cloudwatch_event_rule." + id + ".name"));
      if (r.bus != "default" && !r.bus.empty()) target.attr("event_bus_name", Expr::raw(bus_name_expr(s, r.bus)));
      std::string target_id = kind_word(t.kind) + "-" + (t.name.rfind("arn:", 0) == 0 ? label_from(t.name) : t.name);
      if (target_id.size() > 64) target_id.resize(64);
      target.attr("target_id", Expr::str(target_id));
      target.attr("arn", target_arn(s, t));
      const bool cross_account_bus = t.kind == model::TargetKind::Bus && t.name.rfind("arn:", 0) == 0;
      const std::string role = "events_" + id;
      if (t.kind == model::TargetKind::Workflow || cross_account_bus ||
          (t.kind == model::TargetKind::Bus && m.has_role(role))) {
        target.attr("role_arn", Expr::raw(role_arn(role)));
      }
      target_input(target, t.input);
      if (t.retry) {
        target.block("retry_policy")
            .attr("maximum_event_age_in_seconds", Expr::num(t.retry->max_age_seconds))
            .attr("maximum_retry_attempts", Expr::num(t.retry->attempts));
      }
      if (!t.dlq.empty()) target.block("dead_letter_config").attr("arn", Expr::raw(queue_arn(t.dlq)));
      if (!t.message_group_id.empty()) {
        target.block("sqs_target").attr("message_group_id", Expr::str(t.message_group_id));
      }

      if (t.kind == model::TargetKind::Handler) {
        Block& p = m.resource(file, "aws_lambda_permission", derive::tf_id(t.name) + "_from_rule_" + id);
        p.attr("statement_id", Expr::str("AllowEventBridgeRule-" + r.name));
        p.attr("action", Expr::str("lambda:InvokeFunction"));
        p.attr("function_name", Expr::raw("aws_lambda_function." + derive::tf_id(t.name) + ".function_name"));
        p.attr("principal", Expr::str("events.amazonaws.com"));
        p.attr("source_arn", Expr::raw("aws_cloudwatch_event_rule." + id + ".arn"));
      }
    }
    m.print_piece(file);
  }
}

}  // namespace slipway::emit::terraform
