// The IAM derivation: shared helpers, the top-level derive_iam and the JSON documents.
#include "derive/iam.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <span>

#include "base/json_text.h"
#include "derive/iam_internal.h"
#include "derive/naming.h"

namespace slipway::derive {

Condition::Condition(model::Json json) {
  if (!json.is_null()) json_ = std::make_shared<const model::Json>(std::move(json));
}

const model::Json& Condition::json() const {
  static const model::Json kNone;  // immutable
  return json_ ? *json_ : kNone;
}

namespace iam_detail {

std::string Refs::text(std::string_view kind, std::string_view name, std::string_view attr) {
  return "${" + placeholder(kind, name, attr) + "}";
}

std::string Refs::ref(std::string_view kind, std::string_view name, std::string_view attr, std::string terraform) {
  vars_[placeholder(kind, name, attr)] = std::move(terraform);
  return text(kind, name, attr);
}

std::string Refs::table(std::string_view n) {
  return ref("table", n, "arn", "aws_dynamodb_table." + tf_id(n) + ".arn");
}
std::string Refs::table_stream(std::string_view n) {
  return ref("table", n, "stream_arn", "aws_dynamodb_table." + tf_id(n) + ".stream_arn");
}
std::string Refs::bucket(std::string_view n) { return ref("bucket", n, "arn", "aws_s3_bucket." + tf_id(n) + ".arn"); }
std::string Refs::queue(std::string_view n) { return ref("queue", n, "arn", "aws_sqs_queue." + tf_id(n) + ".arn"); }
std::string Refs::topic(std::string_view n) { return ref("topic", n, "arn", "aws_sns_topic." + tf_id(n) + ".arn"); }
std::string Refs::secret(std::string_view n) {
  return ref("secret", n, "arn", "aws_secretsmanager_secret." + tf_id(n) + ".arn");
}
std::string Refs::handler(std::string_view n) {
  return ref("handler", n, "arn", "aws_lambda_function." + tf_id(n) + ".arn");
}
std::string Refs::workflow(std::string_view n) {
  return ref("workflow", n, "arn", "aws_sfn_state_machine." + tf_id(n) + ".arn");
}
std::string Refs::rule(std::string_view n) {
  return ref("rule", n, "arn", "aws_cloudwatch_event_rule." + tf_id(n) + ".arn");
}
std::string Refs::role(std::string_view id) { return ref("role", id, "arn", "aws_iam_role." + tf_id(id) + ".arn"); }

std::string Refs::bus(std::string_view n) {
  if (n.rfind("arn:", 0) == 0) return std::string(n);
  if (n == "default") return arn("events", "event-bus/default");
  return ref("bus", n, "arn", "aws_cloudwatch_event_bus." + tf_id(n) + ".arn");
}

const Condition& Refs::lambda_trust() {
  if (lambda_trust_.is_null()) {
    lambda_trust_ = model::Json{{"StringEquals", {{"aws:SourceAccount", "${account_id}"}}}};
  }
  return lambda_trust_;
}

Condition Refs::put_events(const std::string& source, const std::vector<std::string>& detail_types) {
  std::string key = std::to_string(source.size()) + ':' + source;
  for (const auto& t : detail_types) key += std::to_string(t.size()) + ':' + t;
  auto [it, fresh] = put_events_.try_emplace(std::move(key));
  if (fresh) {
    it->second = model::Json{{"ForAllValues:StringEquals",
                              {{"events:source", model::Json::array({source})}, {"events:detail-type", detail_types}}},
                             {"Null", {{"events:source", "false"}, {"events:detail-type", "false"}}}};
  }
  return it->second;
}

std::string arn(std::string_view service, std::string_view resource) {
  return "arn:${partition}:" + std::string(service) + ":${region}:${account_id}:" + std::string(resource);
}

std::string state_machine_arn(const model::System& s, std::string_view workflow) {
  return arn("states", "stateMachine:" + aws_name(s, workflow));
}

std::string execution_arn_pattern(const model::System& s, std::string_view workflow) {
  return arn("states", "execution:" + aws_name(s, workflow) + ":*");
}

std::string parameter_arn(const model::Parameter& p) {
  // A parameter name with a leading '/' appears in the ARN without it: parameter/app/KEY.
  std::string path = p.path.empty() ? p.name : p.path;
  if (!path.empty() && path.front() == '/') path.erase(0, 1);
  return arn("ssm", "parameter/" + path);
}

std::string schedule_group_arn(const model::System&, std::string_view group_aws_name) {
  return arn("scheduler", "schedule-group/" + std::string(group_aws_name));
}

Statement make(std::string sid_text, std::vector<std::string> actions, std::vector<std::string> resources,
               std::string why, model::Span span, Condition condition) {
  std::sort(actions.begin(), actions.end());
  actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
  std::sort(resources.begin(), resources.end());
  resources.erase(std::unique(resources.begin(), resources.end()), resources.end());
  Statement st;
  st.sid = std::move(sid_text);
  st.actions = base::PackedStrings(actions);
  st.resources = base::PackedStrings(resources);
  st.condition = std::move(condition);
  st.why = std::move(why);
  st.span = span;
  return st;
}

std::string sid(std::initializer_list<std::string_view> words) {
  std::string out;
  for (auto w : words) {
    bool up = true;
    for (char c : w) {
      if (!std::isalnum(static_cast<unsigned char>(c))) {
        up = true;
        continue;
      }
      out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      up = false;
    }
  }
  return out;
}

void put_events_statements(Refs& refs, const std::vector<std::string>& events, const std::string& why,
                           model::Span span, std::vector<Statement>& out) {
  // bus -> source -> detail-types. Events of one source share a statement, so a handler emitting two
  // events of one source may batch them; a source/detail-type pair never declared is denied.
  std::map<std::string, std::map<std::string, std::set<std::string>>> by_bus;
  for (const auto& name : events) {
    const model::Event* e = refs.system().event(name);
    if (!e) continue;
    by_bus[e->bus][e->source].insert(e->detail_type.empty() ? e->name : e->detail_type);
  }
  for (const auto& [bus, sources] : by_bus) {
    for (const auto& [source, types] : sources) {
      Condition cond = refs.put_events(source, std::vector<std::string>(types.begin(), types.end()));
      out.push_back(
          make(sid({"PutEvents", bus, source}), {"events:PutEvents"}, {refs.bus(bus)}, why, span, std::move(cond)));
    }
  }
}

std::vector<std::string> function_arns(Refs& refs, std::string_view handler) {
  std::string a = refs.handler(handler);
  return {a, a + ":*"};
}

namespace {
void unique_sids(std::vector<Statement>& statements) {
  std::map<std::string, int> seen;
  for (auto& st : statements) {
    if (st.sid.empty()) st.sid = "Statement";
    int n = ++seen[st.sid];
    if (n > 1) st.sid += std::to_string(n);
  }
}
}  // namespace

}  // namespace iam_detail


IamModel derive_iam(const model::System& system) {
  using namespace iam_detail;
  Refs refs(system);
  IamModel m;
  m.roles.reserve(system.handlers.size() + system.workflows.size());
  for (const auto& h : system.handlers) m.roles.push_back(handler_role(refs, h));
  for (const auto& w : system.workflows) m.roles.push_back(workflow_role(refs, w));
  for (auto& r : rule_roles(refs)) m.roles.push_back(std::move(r));
  for (auto& r : scheduler_roles(refs)) m.roles.push_back(std::move(r));
  for (auto& r : m.roles) {
    unique_sids(r.statements);
    if (r.trust_id.empty()) r.trust_id = r.id;
    r.statements.shrink_to_fit();  // the model lives through both backends: no room it will not use
  }
  std::stable_sort(m.roles.begin(), m.roles.end(), [](const Role& a, const Role& b) { return a.id < b.id; });
  for (auto& r : m.roles) r.documents = role_policy_documents(r);
  m.resource_policies = resource_policies(refs);
  for (auto& p : m.resource_policies) unique_sids(p.statements);
  std::stable_sort(m.resource_policies.begin(), m.resource_policies.end(),
                   [](const ResourcePolicy& a, const ResourcePolicy& b) { return a.id < b.id; });
  m.vars = refs.take_vars();
  return m;
}

namespace {

// The documents are written directly, in exactly the layout of nlohmann's dump(2) (which the JSON-tree
// version of this code used): a policy per role at N handlers is N documents, and building a tree per
// document was a third of the IAM backend's time.
class DocWriter {
 public:
  explicit DocWriter(std::string& out) : out_(out) {}

  void string(std::string_view s) { base::append_json_string(out_, s); }
  // A member of the open object: `"key": `, after a comma when it is not the first.
  void key(const char* k) {
    item();
    out_ += '"';
    out_ += k;
    out_ += "\": ";
  }
  void open(char bracket) {
    out_ += bracket;
    first_.push_back(true);
  }
  void close(char bracket) {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ += bracket;
  }
  // Starts an element of the open array.
  void item() {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
  void strings(const base::PackedStrings& v) {
    open('[');
    for (std::string_view s : v) {
      item();
      string(s);
    }
    close(']');
  }
  // Any JSON value (a condition), sorted by key as model::Json is, at the current depth: the text of
  // dump(2), indented, written directly.
  void value(const model::Json& j) {
    if (j.is_object()) {
      open('{');
      for (const auto& [k, v] : j.items()) {
        item();
        string(k);
        out_ += ": ";
        value(v);
      }
      close('}');
    } else if (j.is_array()) {
      open('[');
      for (const auto& v : j) {
        item();
        value(v);
      }
      close(']');
    } else if (j.is_string()) {
      string(j.get_ref<const std::string&>());
    } else {
      out_ += j.dump();
    }
  }

 private:
  void newline() {
    out_ += '\n';
    out_.append(first_.size() * 2, ' ');
  }
  std::string& out_;
  std::vector<bool> first_;  // per open bracket: nothing written in it yet
};

void statement_json(DocWriter& w, const Statement& st, bool with_principal) {
  w.item();
  w.open('{');
  w.key("Sid");
  w.string(st.sid);
  w.key("Effect");
  w.string(st.effect);
  if (with_principal) {
    w.key("Principal");
    if (st.principal == "*") {
      w.string("*");
    } else {
      w.open('{');
      w.key("Service");
      w.string(st.principal);
      w.close('}');
    }
  }
  w.key("Action");
  w.strings(st.actions);
  w.key("Resource");
  w.strings(st.resources);
  if (!st.condition.is_null()) {
    w.key("Condition");
    w.value(st.condition.json());
  }
  w.close('}');
}

// Policy documents are read by Terraform's templatefile(), which takes '%{' as a directive. None is ever
// intended, so every '%{' (only spec text can bring one) is escaped to print literally.
std::string template_safe(std::string text) {
  for (std::size_t at = text.find("%{"); at != std::string::npos; at = text.find("%{", at + 3)) text.insert(at, "%");
  return text;
}

// A policy document: {"Version": ..., "Statement": [...]} with the statements `write` puts in the list.
template <typename WriteStatements>
std::string policy_document(std::size_t size_hint, const WriteStatements& write) {
  std::string out;
  out.reserve(size_hint);
  DocWriter w(out);
  w.open('{');
  w.key("Version");
  w.string("2012-10-17");
  w.key("Statement");
  w.open('[');
  write(w);
  w.close(']');
  w.close('}');
  out += '\n';
  return template_safe(std::move(out));
}

std::string document(std::span<const Statement> statements, bool with_principal) {
  return policy_document(160 + 320 * statements.size(), [&](DocWriter& w) {
    for (const auto& st : statements) statement_json(w, st, with_principal);
  });
}

}  // namespace

std::string policy_json(const Role& role) { return document(role.statements, false); }

std::string document_json(const Role& role, const PolicyDocument& d) {
  return document(std::span<const Statement>(role.statements).subspan(d.first, d.count), false);
}

std::vector<std::string> template_placeholders(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = text.find('$'); i != std::string_view::npos && i + 1 < text.size(); i = text.find('$', i + 1)) {
    if (text[i + 1] == '$') {
      ++i;  // `$$` is a literal dollar when followed by `{`; skip the pair
      continue;
    }
    if (text[i + 1] != '{') continue;
    const std::size_t end = text.find('}', i + 2);
    if (end == std::string_view::npos) break;
    out.emplace_back(text.substr(i + 2, end - i - 2));
    i = end;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string trust_json(const Role& role) {
  return policy_document(400, [&](DocWriter& w) {
    w.item();
    w.open('{');
    w.key("Sid");
    w.string(iam_detail::sid({"Trust", role.service.substr(0, role.service.find('.'))}));
    w.key("Effect");
    w.string("Allow");
    w.key("Principal");
    w.open('{');
    w.key("Service");
    w.string(role.service);
    w.close('}');
    w.key("Action");
    w.string("sts:AssumeRole");
    if (!role.trust_condition.is_null()) {
      w.key("Condition");
      w.value(role.trust_condition.json());
    }
    w.close('}');
  });
}

std::string resource_policy_json(const ResourcePolicy& policy) { return document(policy.statements, true); }

std::size_t resource_policy_limit(const ResourcePolicy& policy) {
  return policy.kind == "queue" ? kQueuePolicyLimit : policy.kind == "topic" ? kTopicPolicyLimit : 0;
}

namespace {

// std::isspace in the C locale, without a call per character: policy_size reads every document once or
// twice per build, which made the library call a few percent of a build.
constexpr bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::size_t placeholder_size(std::string_view name) {
  return name == "account_id" ? 12 : name == "region" ? 14 : name == "partition" ? 3 : 90;
}

// Characters that are not whitespace in [begin, end): a loop without branches, which the compiler
// vectorizes; documents are mostly indentation and names.
std::size_t count_non_space(const char* begin, const char* end) {
  std::size_t n = 0;
  for (const char* p = begin; p != end; ++p) n += is_space(*p) ? 0 : 1;
  return n;
}

}  // namespace

std::size_t policy_size(const std::string& json_text) {
  const std::string_view text = json_text;
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t dollar = text.find('$', i);
    const std::size_t stop = dollar == std::string_view::npos ? text.size() : dollar;
    n += count_non_space(text.data() + i, text.data() + stop);
    if (stop == text.size()) break;
    i = dollar + 1;
    if (i < text.size() && text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      continue;  // an escaped policy variable: counted from its "${"
    }
    if (i < text.size() && text[i] == '{') {
      const std::size_t close = text.find('}', dollar);
      if (close != std::string_view::npos) {
        n += placeholder_size(text.substr(dollar + 2, close - dollar - 2));
        i = close + 1;
        continue;
      }
    }
    n += 1;  // a '$' of its own
  }
  return n;
}

std::vector<PolicyDocument> role_policy_documents(const Role& role) {
  std::vector<PolicyDocument> out;
  if (role.statements.empty()) return out;
  const std::string whole = policy_json(role);
  if (policy_size(whole) <= kInlinePolicyLimit) {
    out.push_back({role.id, false, 0, role.statements.size(), template_placeholders(whole)});
    return out;
  }
  // Greedy split into managed policies, keeping statement order: each takes the statements [first, end)
  // while their document fits, and at least one however large (statement i is tried only after
  // [first, i), which holds one at least: the first statement of a document is never tried alone).
  const std::span<const Statement> all(role.statements);
  std::size_t first = 0;
  auto flush = [&](std::size_t end) {
    std::string id = out.empty() ? role.id : role.id + "_" + std::to_string(out.size() + 1);
    out.push_back({std::move(id), true, first, end - first,
                   template_placeholders(document(all.subspan(first, end - first), false))});
    first = end;
  };
  for (std::size_t i = 1; i < all.size(); ++i) {
    if (policy_size(document(all.subspan(first, i + 1 - first), false)) > kManagedPolicyLimit) flush(i);
  }
  flush(all.size());
  return out;
}

std::string scheduler_group_name(const model::System& system, const model::Schedule& schedule) {
  return schedule.is_group() ? aws_name(system, schedule.name) : std::string("default");
}

}  // namespace slipway::derive
