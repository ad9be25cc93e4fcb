// Roles that AWS services assume to act for the system (EventBridge rule targets, EventBridge Scheduler)
// and the resource policies of queues and topics that services send to.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "derive/iam_internal.h"
#include "derive/naming.h"

namespace slipway::derive::iam_detail {

namespace {

using model::Json;
using model::TargetKind;

// What a service principal may do to one target on the system's behalf (rule or schedule roles).
void target_statements(Refs& refs, const model::Target& t, const std::string& why, std::vector<Statement>& out) {
  switch (t.kind) {
    case TargetKind::Handler:
      out.push_back(make(sid({"Invoke", t.name}), {"lambda:InvokeFunction"}, {refs.handler(t.name)}, why, t.span));
      break;
    case TargetKind::Workflow:
      out.push_back(make(sid({"Start", t.name}), {"states:StartExecution"}, {refs.workflow(t.name)}, why, t.span));
      break;
    case TargetKind::Queue:
      out.push_back(make(sid({"SendTo", t.name}), {"sqs:SendMessage"}, {refs.queue(t.name)}, why, t.span));
      break;
    case TargetKind::Topic:
      out.push_back(make(sid({"PublishTo", t.name}), {"sns:Publish"}, {refs.topic(t.name)}, why, t.span));
      break;
    case TargetKind::Bus:
      out.push_back(make(sid({"PutEventsOn", t.name.rfind("arn:", 0) == 0 ? "TargetBus" : t.name}),
                         {"events:PutEvents"}, {refs.bus(t.name)}, why, t.span));
      break;
    case TargetKind::Event: put_events_statements(refs, {t.name}, why, t.span, out); break;
  }
}

std::string kind_word(TargetKind k) {
  switch (k) {
    case TargetKind::Handler: return "handler";
    case TargetKind::Workflow: return "workflow";
    case TargetKind::Queue: return "queue";
    case TargetKind::Topic: return "topic";
    case TargetKind::Bus: return "bus";
    case TargetKind::Event: return "event";
  }
  return "?";
}

Role scheduler_role(Refs& refs, const std::string& id, const std::string& owner_kind, const std::string& owner,
                    const std::string& group) {
  Role r;
  r.id = id;
  r.name = service_role_name(refs.system(), id);
  r.service = "scheduler.amazonaws.com";
  r.trust_condition = model::Json{{"StringEquals", {{"aws:SourceAccount", "${account_id}"}}},
                                  {"ArnEquals", {{"aws:SourceArn", schedule_group_arn(refs.system(), group)}}}};
  r.owner_kind = owner_kind;
  r.owner_name = owner;
  return r;
}

// A service acting for this account, from one of `source_arns` (exact ARNs; ARN patterns when `like`).
Condition source_condition(const std::vector<std::string>& source_arns, bool like) {
  return Json{{"StringEquals", {{"aws:SourceAccount", "${account_id}"}}},
              {like ? "ArnLike" : "ArnEquals", {{"aws:SourceArn", Json(source_arns)}}}};
}

Statement service_statement(std::string sid_text, std::string principal, std::vector<std::string> actions,
                            std::string resource, const std::vector<std::string>& source_arns, std::string why,
                            model::Span span, bool like = false) {
  Statement st = make(std::move(sid_text), std::move(actions), {std::move(resource)}, std::move(why), span,
                      source_condition(source_arns, like));
  st.principal = std::move(principal);
  return st;
}

std::string bus_of(const model::Rule& rule) { return rule.bus.empty() ? std::string("default") : rule.bus; }

// An ARN pattern for every rule of this system on `bus`: the system's rule names all start with its
// prefix. Empty when the bus is not declared (the check has reported that).
std::string rules_on_bus_pattern(const model::System& s, const std::string& bus) {
  if (bus == "default") return arn("events", "rule/" + prefix(s) + "-*");
  const model::Bus* b = s.bus(bus);
  return b ? arn("events", "rule/" + bus_name(s, *b) + "/" + prefix(s) + "-*") : std::string();
}

// The rules that deliver to a queue or topic, named in statement `at` of its policy `p`, which rules_statement
// made with one ARN placeholder per rule, not yet recorded in `refs`. While `p` fits its service's quota the
// statement stays so, and the placeholders are recorded. Past the quota, a bus most of whose rules deliver
// here is named by one pattern that matches every rule of this system on it, and the few of its rules that
// do not deliver are excluded by ArnNotEquals; on the other buses the rules stay listed (ArnLike matches an
// ARN without a wildcard exactly). The rules allowed are then exactly those that deliver, as before. A policy
// still too large is the IAM backend's to report: only fewer rules, or a bus of their own, make it fit.
void settle_rule_sources(Refs& refs, ResourcePolicy& p, std::size_t at, const std::set<std::string>& rules,
                         const std::string& delivery) {
  const model::System& s = refs.system();
  const std::size_t limit = resource_policy_limit(p);
  if (policy_size(resource_policy_json(p)) <= limit) {
    for (const auto& r : rules) refs.rule(r);
    return;
  }
  struct OnBus {
    std::vector<std::string> delivering, others;
    std::string pattern;  // when one pattern and the exclusions are fewer names than the list
  };
  std::map<std::string, OnBus> buses;
  for (const auto& r : s.rules) {
    OnBus& b = buses[bus_of(r)];
    (rules.count(r.name) ? b.delivering : b.others).push_back(r.name);
  }
  bool any_pattern = false;
  for (auto& [bus, b] : buses) {
    if (b.others.size() + 1 < b.delivering.size()) b.pattern = rules_on_bus_pattern(s, bus);
    any_pattern = any_pattern || !b.pattern.empty();
  }
  if (!any_pattern) {
    for (const auto& r : rules) refs.rule(r);  // nothing shorter: the list stays, and the backend reports it
    return;
  }
  std::vector<std::string> sources, excluded;
  std::string why;
  for (const auto& [bus, b] : buses) {
    if (b.delivering.empty()) continue;
    why += why.empty() ? "" : "; ";
    if (b.pattern.empty()) {
      why += "rule(s)";
      for (const auto& n : b.delivering) sources.push_back(refs.rule(n)), why += " " + n;
      continue;
    }
    sources.push_back(b.pattern);
    why += "every rule on bus " + bus;
    if (!b.others.empty()) why += " except";
    for (const auto& n : b.others) excluded.push_back(refs.rule(n)), why += " " + n;
    why += " (" + std::to_string(b.delivering.size()) + ")";
  }
  std::sort(sources.begin(), sources.end());
  std::sort(excluded.begin(), excluded.end());
  Json condition = source_condition(sources, true).json();
  if (!excluded.empty()) condition["ArnNotEquals"] = {{"aws:SourceArn", Json(excluded)}};
  Statement& st = p.statements[at];
  st.condition = std::move(condition);
  st.why = "EventBridge rules " + delivery + ": " + why + "; one ARN per rule would pass the " +
           std::to_string(limit) + "-character limit of the " + p.kind + "'s policy";
}

// Lets `rules` (at least one) do `action` on `resource`, each rule named by its ARN placeholder, which
// settle_rule_sources records or replaces once the rest of the policy is known.
Statement rules_statement(const std::set<std::string>& rules, std::string action, std::string resource,
                          const std::string& delivery, model::Span span) {
  std::vector<std::string> arns;
  std::string why = "EventBridge rule(s)";
  for (const auto& r : rules) arns.push_back(Refs::text("rule", r, "arn")), why += " " + r;
  return service_statement("AllowEventBridgeRules", "events.amazonaws.com", {std::move(action)}, std::move(resource),
                           arns, why + " " + delivery, span);
}

Statement tls_only(std::string action, std::string resource) {
  Statement st = make("DenyInsecureTransport", {std::move(action)}, {std::move(resource)},
                      "every queue and topic accepts TLS requests only", {},
                      Json{{"Bool", {{"aws:SecureTransport", "false"}}}});
  st.effect = "Deny";
  st.principal = "*";
  return st;
}

}  // namespace

std::vector<Role> rule_roles(Refs& refs) {
  std::vector<Role> roles;
  for (const auto& rule : refs.system().rules) {
    Role r;
    r.id = "events_" + rule.name;
    r.name = service_role_name(refs.system(), r.id);
    r.service = "events.amazonaws.com";
    r.owner_kind = "rule";
    r.owner_name = rule.name;
    std::vector<model::Target> targets = rule.targets;
    std::stable_sort(targets.begin(), targets.end(), [](const model::Target& a, const model::Target& b) {
      return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
    });
    for (const auto& t : targets) {
      // Lambda targets use a function permission; queues and topics their resource policy.
      if (t.kind != TargetKind::Workflow && t.kind != TargetKind::Bus) continue;
      target_statements(refs, t, "rule " + rule.name + " targets " + kind_word(t.kind) + " " + t.name, r.statements);
    }
    if (r.statements.empty()) continue;
    r.trust_condition = model::Json{{"StringEquals", {{"aws:SourceAccount", "${account_id}"}}},
                                    {"ArnEquals", {{"aws:SourceArn", refs.rule(rule.name)}}}};
    roles.push_back(std::move(r));
  }
  return roles;
}

std::vector<Role> scheduler_roles(Refs& refs) {
  const auto& s = refs.system();
  std::vector<Role> roles;
  for (const auto& sc : s.schedules) {
    Role r = scheduler_role(refs, "scheduler_" + sc.name, "schedule", sc.name, scheduler_group_name(s, sc));
    std::string why = "schedule " + sc.name + " targets " + kind_word(sc.target.kind) + " " + sc.target.name;
    target_statements(refs, sc.target, why, r.statements);
    if (!sc.target.dlq.empty()) {
      // Scheduler delivers to its dead-letter queue with the schedule's own role.
      r.statements.push_back(make(sid({"DeadLetterTo", sc.target.dlq}), {"sqs:SendMessage"},
                                  {refs.queue(sc.target.dlq)}, "schedule " + sc.name + " dlq", sc.target.span));
    }
    roles.push_back(std::move(r));
  }
  for (const auto& h : s.handlers) {
    if (!h.schedule) continue;
    Role r = scheduler_role(refs, "scheduler_" + h.name, "handler", h.name, "default");
    r.statements.push_back(make(sid({"Invoke", h.name}), {"lambda:InvokeFunction"}, {refs.handler(h.name)},
                                "handler " + h.name + " has schedule: " + h.schedule->schedule.expression,
                                h.schedule->span));
    roles.push_back(std::move(r));
  }
  return roles;
}

std::vector<ResourcePolicy> resource_policies(Refs& refs) {
  const auto& s = refs.system();
  std::vector<ResourcePolicy> out;
  for (const auto& q : s.queues) {
    std::set<std::string> rules, topics;
    model::Span span = q.span;
    for (const auto& rule : s.rules) {
      for (const auto& t : rule.targets) {
        if ((t.kind == TargetKind::Queue && t.name == q.name) || t.dlq == q.name) rules.insert(rule.name);
      }
    }
    for (const auto& topic : s.topics) {
      for (const auto& sub : topic.subscriptions) {
        if (sub.protocol == "sqs" && sub.target == q.name) topics.insert(topic.name);
      }
    }
    ResourcePolicy p{"queue_" + q.name, "queue", q.name, {}};
    std::string queue = refs.queue(q.name);
    const std::string delivery = "deliver to " + q.name;
    if (!rules.empty()) p.statements.push_back(rules_statement(rules, "sqs:SendMessage", queue, delivery, span));
    if (!topics.empty()) {
      std::vector<std::string> arns;
      std::string why = "subscribed to topic(s)";
      for (const auto& t : topics) arns.push_back(refs.topic(t)), why += " " + t;
      p.statements.push_back(
          service_statement("AllowSnsTopics", "sns.amazonaws.com", {"sqs:SendMessage"}, queue, arns, why, span));
    }
    p.statements.push_back(tls_only("sqs:*", queue));
    if (!rules.empty()) settle_rule_sources(refs, p, 0, rules, delivery);
    out.push_back(std::move(p));
  }
  for (const auto& topic : s.topics) {
    std::set<std::string> rules;
    for (const auto& rule : s.rules) {
      for (const auto& t : rule.targets) {
        if (t.kind == TargetKind::Topic && t.name == topic.name) rules.insert(rule.name);
      }
    }
    ResourcePolicy p{"topic_" + topic.name, "topic", topic.name, {}};
    std::string arn_ref = refs.topic(topic.name);
    const std::string delivery = "publish to " + topic.name;
    if (!rules.empty()) p.statements.push_back(rules_statement(rules, "sns:Publish", arn_ref, delivery, topic.span));
    if (s.alarms.topic == topic.name) {
      p.statements.push_back(service_statement("AllowCloudWatchAlarms", "cloudwatch.amazonaws.com", {"sns:Publish"},
                                               arn_ref, {arn("cloudwatch", "alarm:" + prefix(s) + "-*")},
                                               "alarms: { topic: " + topic.name + " }", s.alarms.span, true));
    }
    p.statements.push_back(tls_only("sns:Publish", arn_ref));
    if (!rules.empty()) settle_rule_sources(refs, p, 0, rules, delivery);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace slipway::derive::iam_detail
