// A handler's execution role: exactly its `uses`, `emits`, `starts`, trigger needs, its own log group,
// tracing and raw `aws:` grants. docs/iam.md describes every mapping made here.
#include <algorithm>
#include <tuple>

#include "derive/iam_internal.h"
#include "derive/naming.h"

namespace slipway::derive::iam_detail {

namespace {

using model::Access;
using model::Json;

bool reads(Access a) { return a == Access::Read || a == Access::ReadWrite; }
bool writes(Access a) { return a == Access::Write || a == Access::ReadWrite; }

std::string use_why(const model::Use& u) {
  std::string v = model::access_name(u.access);
  if (!u.prefix.empty()) v = "{ access: " + v + ", prefix: " + u.prefix + " }";
  return "uses: { " + u.name + ": " + v + " }";
}

void table_use(Refs& refs, const model::Use& u, std::vector<Statement>& out) {
  std::string why = use_why(u);
  std::string table = refs.table(u.name);
  if (reads(u.access)) {
    out.push_back(make(sid({"ReadTable", u.name}),
                       {"dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:Query",
                        "dynamodb:Scan"},
                       {table}, why, u.span));
    const model::Table* t = refs.system().table(u.name);
    if (t && !t->indexes.empty()) {
      out.push_back(make(sid({"QueryIndexes", u.name}), {"dynamodb:Query", "dynamodb:Scan"}, {table + "/index/*"},
                         why, u.span));
    }
  }
  if (writes(u.access)) {
    out.push_back(make(sid({"WriteTable", u.name}),
                       {"dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"},
                       {table}, why, u.span));
  }
}

void bucket_use(Refs& refs, const model::Use& u, std::vector<Statement>& out) {
  std::string why = use_why(u);
  std::string bucket = refs.bucket(u.name);
  std::string prefix = u.prefix;
  if (!prefix.empty() && prefix.front() == '/') prefix.erase(0, 1);
  std::string objects = bucket + "/" + prefix + "*";
  const model::Bucket* b = refs.system().bucket(u.name);
  if (reads(u.access)) {
    std::vector<std::string> get = {"s3:GetObject"};
    if (b && b->versioning) get.push_back("s3:GetObjectVersion");
    out.push_back(make(sid({"ReadObjects", u.name}), get, {objects}, why, u.span));
    Json cond = nullptr;
    if (!prefix.empty()) cond = {{"StringLike", {{"s3:prefix", Json::array({prefix + "*"})}}}};
    out.push_back(make(sid({"ListBucket", u.name}), {"s3:ListBucket"}, {bucket}, why, u.span, cond));
  }
  if (writes(u.access)) {
    out.push_back(make(sid({"WriteObjects", u.name}),
                       {"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"}, {objects}, why, u.span));
  }
}

void queue_use(Refs& refs, const model::Use& u, std::vector<Statement>& out) {
  std::string why = use_why(u);
  std::string queue = refs.queue(u.name);
  bool send = u.access == Access::Send || writes(u.access);
  bool consume = u.access == Access::Consume || reads(u.access);
  if (send) out.push_back(make(sid({"SendTo", u.name}), {"sqs:SendMessage"}, {queue}, why, u.span));
  if (consume) {
    out.push_back(make(sid({"ConsumeFrom", u.name}),
                       {"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                        "sqs:ReceiveMessage"},
                       {queue}, why, u.span));
  }
}

void parameter_use(Refs& refs, const model::Use& u, std::vector<Statement>& out) {
  const model::Parameter* p = refs.system().parameter(u.name);
  if (!p) return;
  std::string why = use_why(u);
  std::string param = parameter_arn(*p);
  out.push_back(make(sid({"ReadParameter", u.name}), {"ssm:GetParameter", "ssm:GetParameters"}, {param}, why, u.span));
  if (p->secure) {
    // Decrypt only when SSM asks on the handler's behalf (GetParameter WithDecryption), never directly.
    Json cond = {{"StringEquals", {{"kms:ViaService", "ssm.${region}.amazonaws.com"}}}};
    out.push_back(make(sid({"DecryptParameter", u.name}), {"kms:Decrypt"}, {arn("kms", "key/*")}, why, u.span, cond));
  }
}

void schedule_group_use(Refs& refs, const model::Use& u, std::vector<Statement>& out) {
  const model::Schedule* sc = refs.system().schedule(u.name);
  if (!sc) return;
  std::string why = use_why(u);
  std::string group = scheduler_group_name(refs.system(), *sc);
  out.push_back(make(sid({"ManageSchedules", u.name}),
                     {"scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule",
                      "scheduler:UpdateSchedule"},
                     {arn("scheduler", "schedule/" + group + "/*")}, why, u.span));
  Json cond = {{"StringEquals", {{"iam:PassedToService", "scheduler.amazonaws.com"}}}};
  out.push_back(make(sid({"PassSchedulerRole", u.name}), {"iam:PassRole"}, {refs.role("scheduler_" + u.name)}, why,
                     u.span, cond));
}

void bus_use(Refs& refs, const model::Use& u, std::vector<Statement>& out) {
  std::vector<std::string> events;
  for (const auto& e : refs.system().events) {
    if (e.bus == u.name && !e.is_aws()) events.push_back(e.name);
  }
  if (events.empty()) return;
  put_events_statements(refs, events, use_why(u), u.span, out);
}

void use_statements(Refs& refs, const model::Use& u, std::vector<Statement>& out) {
  using K = model::ResourceKind;
  switch (u.kind) {
    case K::Table: table_use(refs, u, out); break;
    case K::Bucket: bucket_use(refs, u, out); break;
    case K::Queue: queue_use(refs, u, out); break;
    case K::Topic:
      out.push_back(make(sid({"PublishTo", u.name}), {"sns:Publish"}, {refs.topic(u.name)}, use_why(u), u.span));
      break;
    case K::Secret:
      out.push_back(make(sid({"ReadSecret", u.name}), {"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"},
                         {refs.secret(u.name)}, use_why(u), u.span));
      break;
    case K::Parameter: parameter_use(refs, u, out); break;
    case K::ScheduleGroup: schedule_group_use(refs, u, out); break;
    case K::Bus: bus_use(refs, u, out); break;
  }
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// IAM policy variables (${aws:username}) in a raw grant must survive Terraform's templatefile(),
// which reads "${" as an interpolation: write them as "$${...}".
std::string escape_policy_variables(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "${") == 0) {
      std::size_t end = s.find('}', i);
      if (end != std::string::npos && s.substr(i, end - i).find(':') != std::string::npos) out += '$';
    }
    out += s[i];
  }
  return out;
}

bool has_wildcard(const model::RawGrant& g) {
  auto wild = [](const std::string& s) { return s.find('*') != std::string::npos || s.find('?') != std::string::npos; };
  return std::any_of(g.actions.begin(), g.actions.end(), wild) ||
         std::any_of(g.resources.begin(), g.resources.end(), wild);
}

void trigger_statements(Refs& refs, const model::Handler& h, std::vector<Statement>& out) {
  if (h.stream) {
    const auto& st = *h.stream;
    std::string why = "stream: { table: " + st.table + " }";
    out.push_back(make(sid({"ReadStream", st.table}),
                       {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"},
                       {refs.table_stream(st.table)}, why, st.span));
    out.push_back(make("ListStreams", {"dynamodb:ListStreams"}, {"*"}, why, st.span));
    if (!st.dlq.empty()) {
      out.push_back(make(sid({"StreamFailuresTo", st.dlq}), {"sqs:SendMessage"}, {refs.queue(st.dlq)},
                         "stream: { dlq: " + st.dlq + " }", st.span));
    }
  }
  if (h.queue) {
    const auto& q = *h.queue;
    out.push_back(make(sid({"ConsumeTrigger", q.queue}),
                       {"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                        "sqs:ReceiveMessage"},
                       {refs.queue(q.queue)}, "queue: " + q.queue, q.span));
  }
  if (!h.dlq.empty()) {
    out.push_back(make(sid({"AsyncFailuresTo", h.dlq}), {"sqs:SendMessage"}, {refs.queue(h.dlq)},
                       "async: { dlq: " + h.dlq + " }", h.span));
  }
}

}  // namespace

Role handler_role(Refs& refs, const model::Handler& h) {
  const auto& s = refs.system();
  Role r;
  r.id = "fn_" + h.name;
  r.name = handler_role_name(s, h.name);
  r.service = "lambda.amazonaws.com";
  r.trust_condition = refs.lambda_trust();
  r.trust_id = "lambda";  // nothing above depends on the handler
  r.owner_kind = "handler";
  r.owner_name = h.name;
  auto& out = r.statements;

  out.push_back(make("WriteOwnLogs", {"logs:CreateLogStream", "logs:PutLogEvents"},
                     {arn("logs", "log-group:" + function_log_group(s, h.name) + ":*")}, "its own log group", h.span));
  // Sorted here as well, so the policy never depends on how the spec listed the uses.
  std::vector<model::Use> uses = h.uses;
  std::stable_sort(uses.begin(), uses.end(), [](const model::Use& a, const model::Use& b) {
    return std::tie(a.kind, a.name, a.access) < std::tie(b.kind, b.name, b.access);
  });
  for (const auto& u : uses) use_statements(refs, u, out);
  if (!h.emits.empty()) put_events_statements(refs, h.emits, "emits: [" + joined(h.emits) + "]", h.emits_span, out);
  for (const auto& w : h.starts) {
    const model::Workflow* wf = s.workflow(w);
    std::vector<std::string> actions = {"states:StartExecution"};
    if (wf && wf->type == "EXPRESS") actions.push_back("states:StartSyncExecution");
    out.push_back(make(sid({"Start", w}), actions, {refs.workflow(w)}, "starts: [" + w + "]", h.starts_span));
  }
  trigger_statements(refs, h, out);
  if (h.tracing) {
    out.push_back(make("Tracing", {"xray:PutTelemetryRecords", "xray:PutTraceSegments"}, {"*"}, "tracing: true", h.span));
  }
  for (std::size_t i = 0; i < h.aws.size(); ++i) {
    const auto& g = h.aws[i];
    std::vector<std::string> resources;
    for (const auto& res : g.resources) resources.push_back(escape_policy_variables(res));
    out.push_back(make("Raw" + std::to_string(i + 1), g.actions, resources, "aws: [ grant " + std::to_string(i + 1) + " ]",
                       g.span));
    if (has_wildcard(g)) r.has_raw_wildcard = true;
  }
  return r;
}

}  // namespace slipway::derive::iam_detail
