#include "emit/terraform/module.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "derive/naming.h"

namespace slipway::emit::terraform {

Module::Module(const model::System& s, const derive::IamModel& iam_model) : sys(s), iam(iam_model) {
  for (auto f : kFiles) files[std::string(f)];
}

hcl::File& Module::file(std::string_view name) {
  if (printed.contains(name)) {
    throw std::logic_error("terraform: " + std::string(name) + " is written to after it was printed");
  }
  return files[std::string(name)];
}

Block& Module::resource(std::string_view f, std::string type, std::string label) {
  return file(f).block("resource", {std::move(type), std::move(label)});
}

bool Module::has_role(std::string_view id) const {
  // derive_iam sorts the roles by id: a binary search, not a scan per handler.
  auto it = std::lower_bound(iam.roles.begin(), iam.roles.end(), id,
                             [](const derive::Role& r, std::string_view key) { return r.id < key; });
  return it != iam.roles.end() && it->id == id;
}

void Module::depends_on_grants(Block& b, std::string_view role_id) const {
  auto it = role_grants.find(role_id);
  if (it == role_grants.end() || it->second.empty()) return;
  std::vector<Expr> items;
  items.reserve(it->second.size());
  for (const auto& grant : it->second) items.push_back(Expr::raw(grant));
  b.attr("depends_on", Expr::list(std::move(items)));
}

Expr prefixed(const model::System& s, const std::string& aws_name) {
  const std::string p = derive::prefix(s);
  const std::size_t at = aws_name.find(p);
  if (at == std::string::npos) return Expr::str(aws_name);
  return Expr::tmpl({hcl::lit(aws_name.substr(0, at)), hcl::interp("local.prefix"), hcl::lit(aws_name.substr(at + p.size()))});
}

std::string bus_arn(const model::System&, const std::string& bus) {
  if (bus == "default") return "local.default_bus_arn";
  return "aws_cloudwatch_event_bus." + derive::tf_id(bus) + ".arn";
}

std::string bus_name_expr(const model::System&, const std::string& bus) {
  if (bus == "default") return "\"default\"";
  return "aws_cloudwatch_event_bus." + derive::tf_id(bus) + ".name";
}

std::string queue_arn(const std::string& q) { return "aws_sqs_queue." + derive::tf_id(q) + ".arn"; }
std::string function_arn(const std::string& h) { return "aws_lambda_function." + derive::tf_id(h) + ".arn"; }
std::string workflow_arn(const std::string& w) { return "aws_sfn_state_machine." + derive::tf_id(w) + ".arn"; }
std::string topic_arn(const std::string& t) { return "aws_sns_topic." + derive::tf_id(t) + ".arn"; }
std::string role_arn(const std::string& role_id) { return "aws_iam_role." + role_id + ".arn"; }

Expr target_arn(const model::System& s, const model::Target& t) {
  switch (t.kind) {
    case model::TargetKind::Handler: return Expr::raw(function_arn(t.name));
    case model::TargetKind::Workflow: return Expr::raw(workflow_arn(t.name));
    case model::TargetKind::Queue: return Expr::raw(queue_arn(t.name));
    case model::TargetKind::Topic: return Expr::raw(topic_arn(t.name));
    case model::TargetKind::Bus:
      if (t.name.rfind("arn:", 0) == 0) return Expr::str(t.name);
      return Expr::raw(bus_arn(s, t.name));
    case model::TargetKind::Event: {
      const model::Event* e = s.event(t.name);
      return Expr::raw(bus_arn(s, e ? e->bus : "default"));
    }
  }
  return Expr::null();
}

Expr ref_expr(const model::System& s, const model::Ref& r) {
  const std::string id = derive::tf_id(r.name);
  auto raw = [](std::string e) { return Expr::raw(std::move(e)); };
  if (r.kind == "flags") return raw("var." + id);
  if (r.kind == "buckets") return raw("aws_s3_bucket." + id + (r.attr == "arn" ? ".arn" : ".bucket"));
  if (r.kind == "tables") {
    if (r.attr == "arn") return raw("aws_dynamodb_table." + id + ".arn");
    if (r.attr == "stream_arn") return raw("aws_dynamodb_table." + id + ".stream_arn");
    return raw("aws_dynamodb_table." + id + ".name");
  }
  if (r.kind == "queues") {
    if (r.attr == "arn") return raw(queue_arn(r.name));
    if (r.attr == "name") return raw("aws_sqs_queue." + id + ".name");
    return raw("aws_sqs_queue." + id + ".url");
  }
  if (r.kind == "topics") return raw("aws_sns_topic." + id + (r.attr == "name" ? ".name" : ".arn"));
  if (r.kind == "secrets") return raw("aws_secretsmanager_secret." + id + (r.attr == "name" ? ".name" : ".arn"));
  if (r.kind == "parameters") {
    const model::Parameter* p = s.parameter(r.name);
    const std::string path = p ? p->path : "/" + r.name;
    if (r.attr == "arn") return arn_expr("ssm", "parameter" + path);
    return Expr::str(path);
  }
  if (r.kind == "buses") return raw(r.attr == "arn" ? bus_arn(s, r.name) : bus_name_expr(s, r.name));
  if (r.kind == "handlers") return raw("aws_lambda_function." + id + (r.attr == "name" ? ".function_name" : ".arn"));
  if (r.kind == "workflows") return raw("aws_sfn_state_machine." + id + (r.attr == "name" ? ".name" : ".arn"));
  if (r.kind == "schedules") return raw("aws_scheduler_schedule_group." + id + (r.attr == "arn" ? ".arn" : ".name"));
  return Expr::null();
}

Expr text_expr(const model::System& s, const model::Text& t) {
  std::vector<Expr::Part> parts;
  for (const auto& p : t.parts) {
    if (!p.ref) {
      parts.push_back(hcl::lit(p.literal));
      continue;
    }
    Expr e = ref_expr(s, *p.ref);
    if (e.kind() == Expr::Kind::Template) {
      parts.insert(parts.end(), e.parts().begin(), e.parts().end());
    } else {
      parts.push_back(hcl::interp(e.text()));
    }
  }
  if (parts.empty()) return Expr::str("");
  return Expr::tmpl(std::move(parts));
}

Expr state_expr(const model::Toggle& t) {
  if (!t.flag.empty()) return Expr::raw("var." + derive::tf_id(t.flag) + " ? \"ENABLED\" : \"DISABLED\"");
  return Expr::str(t.value ? "ENABLED" : "DISABLED");
}

Expr arn_expr(const std::string& service, const std::string& resource, bool regional) {
  return Expr::tmpl({hcl::lit("arn:"), hcl::interp("local.partition"), hcl::lit(":" + service + ":"),
                     regional ? hcl::interp("local.region") : hcl::lit(""), hcl::lit(":"),
                     hcl::interp("local.account_id"), hcl::lit(":" + resource)});
}

Expr templatefile(const model::System& s, const std::string& relative_path, const std::string& document,
                  const std::map<std::string, std::string>& vars, bool always_account) {
  return templatefile(s, relative_path, derive::template_placeholders(document), vars, always_account);
}

// Terraform's templatefile() reads `${name}` as a variable when `name` is an identifier.
Expr templatefile(const model::System&, const std::string& relative_path, const std::vector<std::string>& placeholders,
                  const std::map<std::string, std::string>& vars, bool always_account) {
  std::map<std::string, std::string> used;
  for (const auto& name : placeholders) {
    if (!hcl::is_identifier(name)) continue;
    auto it = vars.find(name);
    if (it != vars.end()) used[name] = it->second;
  }
  for (const char* k : {"account_id", "region", "partition"}) {
    if (always_account || std::binary_search(placeholders.begin(), placeholders.end(), k)) {
      used.emplace(k, std::string("local.") + k);
    }
  }
  std::vector<std::pair<std::string, Expr>> items;
  for (const auto& [k, v] : used) items.emplace_back(k, Expr::raw(v));
  return Expr::call("templatefile", {Expr::tmpl({hcl::interp("path.module"), hcl::lit("/../../" + relative_path)}),
                                     Expr::object(std::move(items))});
}

Expr policy_document(std::vector<Expr> statements) {
  return Expr::call("jsonencode", {Expr::object({{"Version", Expr::str("2012-10-17")},
                                                 {"Statement", Expr::list(std::move(statements))}})});
}

Expr deny_insecure_transport(const std::string& action, Expr resource) {
  return Expr::object({{"Sid", Expr::str("DenyInsecureTransport")},
                       {"Effect", Expr::str("Deny")},
                       {"Principal", Expr::str("*")},
                       {"Action", Expr::str(action)},
                       {"Resource", std::move(resource)},
                       {"Condition", Expr::object({{"Bool", Expr::object({{"aws:SecureTransport", Expr::str("false")}})}})}});
}

std::string label_from(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const char x = std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    if (x == '_' && (out.empty() || out.back() == '_')) continue;
    out += x;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "x_" + out;
  return out;
}

std::string env_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::toupper(u)) : '_';
  }
  return out;
}

const model::Handler* queue_consumer(const model::System& s, const std::string& queue) {
  for (const auto& h : s.handlers) {
    if (h.queue && h.queue->queue == queue) return &h;
  }
  return nullptr;
}

std::set<std::string> dead_letter_queues(const model::System& s) {
  std::set<std::string> out;
  for (const auto& q : s.queues) {
    if (!q.dlq.empty()) out.insert(q.dlq);
  }
  for (const auto& r : s.rules) {
    for (const auto& t : r.targets) {
      if (!t.dlq.empty()) out.insert(t.dlq);
    }
  }
  for (const auto& sc : s.schedules) {
    if (!sc.target.dlq.empty()) out.insert(sc.target.dlq);
  }
  for (const auto& h : s.handlers) {
    if (!h.dlq.empty()) out.insert(h.dlq);
    if (h.stream && !h.stream->dlq.empty()) out.insert(h.stream->dlq);
  }
  return out;
}

}  // namespace slipway::emit::terraform
