#include <algorithm>
#include <cctype>
#include <tuple>

#include "lower/internal.h"
#include "model/iam_action.h"

namespace slipway::lower {

HandlerSettings read_handler_settings(MapReader& r) {
  HandlerSettings s;
  s.runtime = r.str("runtime");
  if (auto v = r.str("architecture")) {
    if (*v == "arm64" || *v == "x86_64") {
      s.architecture = *v;
    } else {
      auto& diag = r.diags().error("bad-value", r.get("architecture")->span, r.field("architecture") + " must be arm64 or x86_64, not '" + *v + "'");
      diag.fix = base::did_you_mean(*v, {"arm64", "x86_64"});
    }
  }
  s.memory = r.integer("memory", 128, 10240);
  if (auto v = r.duration("timeout")) {
    if (*v < 1 || *v > 900) {
      r.diags().error("out-of-range", r.get("timeout")->span, r.field("timeout") + " must be between 1s and 900s (15m), not " + r.get("timeout")->value);
    } else {
      s.timeout = *v;
    }
  }
  if (auto v = r.integer("log_retention_days", 1, 3653)) {
    static const std::vector<long long> kAllowed = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
    if (std::find(kAllowed.begin(), kAllowed.end(), *v) == kAllowed.end()) {
      r.diags().error("bad-value", r.get("log_retention_days")->span,
                      r.field("log_retention_days") + " must be one of CloudWatch's retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653");
    } else {
      s.log_retention_days = *v;
    }
  }
  s.reserved_concurrency = r.integer("reserved_concurrency", 0, 100000);
  s.tracing = r.boolean("tracing");
  return s;
}

void apply(model::Handler& h, const HandlerSettings& s) {
  if (s.runtime) h.runtime = *s.runtime;
  if (s.architecture) h.architecture = *s.architecture;
  if (s.memory) h.memory_mb = static_cast<int>(*s.memory);
  if (s.timeout) h.timeout_seconds = static_cast<int>(*s.timeout);
  if (s.log_retention_days) h.log_retention_days = static_cast<int>(*s.log_retention_days);
  if (s.reserved_concurrency) h.reserved_concurrency = static_cast<int>(*s.reserved_concurrency);
  if (s.tracing) h.tracing = *s.tracing;
}

namespace {

struct UseKindInfo {
  model::ResourceKind kind;
  std::vector<model::Access> allowed;
  const char* allowed_text;
};

std::vector<std::pair<model::ResourceKind, std::string>> owners(const model::System& sys, const std::string& name) {
  std::vector<std::pair<model::ResourceKind, std::string>> out;
  if (sys.table(name)) out.emplace_back(model::ResourceKind::Table, "table");
  if (sys.bucket(name)) out.emplace_back(model::ResourceKind::Bucket, "bucket");
  if (sys.queue(name)) out.emplace_back(model::ResourceKind::Queue, "queue");
  if (sys.topic(name)) out.emplace_back(model::ResourceKind::Topic, "topic");
  if (sys.secret(name)) out.emplace_back(model::ResourceKind::Secret, "secret");
  if (sys.parameter(name)) out.emplace_back(model::ResourceKind::Parameter, "parameter");
  if (const model::Schedule* s = sys.schedule(name); s && s->is_group()) {
    out.emplace_back(model::ResourceKind::ScheduleGroup, "schedule group");
  }
  return out;
}

std::vector<std::string> usable_names(const model::System& sys) {
  std::vector<std::string> out;
  for (const auto& x : sys.tables) out.push_back(x.name);
  for (const auto& x : sys.buckets) out.push_back(x.name);
  for (const auto& x : sys.queues) out.push_back(x.name);
  for (const auto& x : sys.topics) out.push_back(x.name);
  for (const auto& x : sys.secrets) out.push_back(x.name);
  for (const auto& x : sys.parameters) out.push_back(x.name);
  for (const auto& x : sys.schedules) {
    if (x.is_group()) out.push_back(x.name);
  }
  return out;
}

const char* allowed_access(model::ResourceKind k) {
  switch (k) {
    case model::ResourceKind::Table:
    case model::ResourceKind::Bucket: return "read, write or readwrite";
    case model::ResourceKind::Queue: return "send or consume";
    case model::ResourceKind::Topic: return "publish";
    case model::ResourceKind::Secret:
    case model::ResourceKind::Parameter: return "read";
    case model::ResourceKind::ScheduleGroup: return "create";
    case model::ResourceKind::Bus: return "publish";
  }
  return "";
}

bool access_fits(model::ResourceKind k, model::Access a) {
  using A = model::Access;
  switch (k) {
    case model::ResourceKind::Table:
    case model::ResourceKind::Bucket: return a == A::Read || a == A::Write || a == A::ReadWrite;
    case model::ResourceKind::Queue: return a == A::Send || a == A::Consume;
    case model::ResourceKind::Topic: return a == A::Publish;
    case model::ResourceKind::Secret:
    case model::ResourceKind::Parameter: return a == A::Read;
    case model::ResourceKind::ScheduleGroup: return a == A::Create;
    case model::ResourceKind::Bus: return a == A::Publish;
  }
  return false;
}

std::optional<model::Access> parse_access(const Node& n, const std::string& what, base::Diagnostics& d) {
  static const std::vector<std::pair<std::string, model::Access>> kAccess = {
      {"read", model::Access::Read},       {"write", model::Access::Write},     {"readwrite", model::Access::ReadWrite},
      {"send", model::Access::Send},       {"consume", model::Access::Consume}, {"publish", model::Access::Publish},
      {"create", model::Access::Create}};
  if (n.is_scalar()) {
    for (const auto& [name, a] : kAccess) {
      if (n.value == name) return a;
    }
  }
  std::vector<std::string> names;
  for (const auto& [name, a] : kAccess) names.push_back(name);
  auto& diag = d.error("bad-access", n.span, what + ": unknown access " + describe(n) + "; access is read, write, readwrite, send, consume, publish or create");
  if (n.is_scalar()) diag.fix = base::did_you_mean(n.value, names);
  return std::nullopt;
}

void lower_uses(const Node& n, const model::System& sys, model::Handler& h, base::Diagnostics& d) {
  std::string what = "handler " + q(h.name) + ": 'uses'";
  if (!n.is_mapping()) {
    if (!n.is_null()) wrong_type(n, what, "a mapping of resource names to access (e.g. { cards: read })", d);
    return;
  }
  for (const auto& e : n.entries) {
    model::Use u;
    u.name = e.key.value;
    u.span = e.key.span;
    const Node* access_node = e.value.get();
    if (e.value->is_mapping()) {
      MapReader ur(*e.value, what + " " + q(u.name), d);
      access_node = ur.get("access");
      if (auto p = ur.str("prefix")) {
        u.prefix = *p;
        check_literal(*ur.get("prefix"), what + " " + q(u.name) + ": 'prefix'", d);
      }
      ur.finish();
      if (!access_node) {
        d.error("missing-key", e.value->span, what + " " + q(u.name) + " has no 'access'");
        continue;
      }
    }
    auto access = parse_access(*access_node, what + " " + q(u.name), d);
    if (!access) continue;
    u.access = *access;
    auto found = owners(sys, u.name);
    if (found.empty()) {
      auto& diag = d.error("unknown-reference", e.key.span,
                           "handler " + q(h.name) + " uses " + q(u.name) + ", which is not a declared table, bucket, queue, topic, secret, parameter or schedule group");
      diag.fix = base::did_you_mean(u.name, usable_names(sys));
      continue;
    }
    if (found.size() > 1) {
      auto& diag = d.error("ambiguous-reference", e.key.span,
                           q(u.name) + " names both a " + found[0].second + " and a " + found[1].second + "; give them different names");
      (void)diag;
      continue;
    }
    u.kind = found[0].first;
    if (!access_fits(u.kind, u.access)) {
      d.error("bad-access", access_node->span,
              "'" + model::access_name(u.access) + "' does not apply to " + found[0].second + " " + q(u.name) + "; use " + allowed_access(u.kind));
      continue;
    }
    if (!u.prefix.empty() && u.kind != model::ResourceKind::Bucket) {
      d.error("bad-access", e.key.span, "'prefix' only applies to buckets, and " + q(u.name) + " is a " + found[0].second);
      continue;
    }
    h.uses.push_back(std::move(u));
  }
  std::stable_sort(h.uses.begin(), h.uses.end(), [](const model::Use& a, const model::Use& b) {
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  });
}

void lower_http(const Node& n, model::Handler& h, base::Diagnostics& d) {
  model::HttpTrigger t;
  t.span = n.span;
  std::string what = "handler " + q(h.name) + ": 'http'";
  const Node* route = &n;
  if (n.is_mapping()) {
    MapReader r(n, what, d);
    route = r.get("route");
    if (auto a = r.str("auth")) {
      if (*a == "none") t.auth = false;
      else if (*a != "jwt") d.error("bad-value", r.get("auth")->span, what + ": 'auth' must be jwt or none");
    }
    r.finish();
    if (!route) {
      d.error("missing-key", n.span, what + " has no 'route'").fix = "write 'route: POST /path'";
      return;
    }
  }
  if (!route->is_scalar()) {
    wrong_type(*route, what, "a route such as \"POST /cards\"", d);
    return;
  }
  const std::string& s = route->value;
  auto sp = s.find(' ');
  static const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"};
  std::string method = sp == std::string::npos ? "" : s.substr(0, sp);
  std::string path = sp == std::string::npos ? s : s.substr(sp + 1);
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end()) {
    auto& diag = d.error("bad-route", route->span, what + ": '" + s + "' must start with an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY)");
    diag.fix = method.empty() ? "write e.g. 'POST " + s + "'" : base::did_you_mean(method, kMethods);
    return;
  }
  if (path.empty() || path[0] != '/' || path.find(' ') != std::string::npos) {
    d.error("bad-route", route->span, what + ": the path of '" + s + "' must start with '/' and contain no spaces");
    return;
  }
  int depth = 0;
  for (char c : path) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (depth < 0 || depth > 1) break;
  }
  if (depth != 0) {
    d.error("bad-route", route->span, what + ": unbalanced '{' '}' in '" + path + "'");
    return;
  }
  t.method = method;
  t.path = path;
  h.http = t;
}

void lower_triggers(MapReader& r, const model::System& sys, model::Handler& h, base::Diagnostics& d) {
  std::string what = "handler " + q(h.name);
  if (const Node* n = r.get("http")) lower_http(*n, h, d);
  if (auto a = r.str("auth")) {
    if (*a == "none") {
      if (h.http) h.http->auth = false;
    } else if (*a != "jwt") {
      d.error("bad-value", r.get("auth")->span, what + ": 'auth' must be jwt or none");
    }
    if (!h.http) d.error("bad-value", r.get("auth")->span, what + ": 'auth' only applies to handlers with an 'http' trigger");
  }
  if (const Node* n = r.get("s3")) {
    MapReader sr(*n, what + ": 's3'", d);
    model::S3Trigger t;
    t.span = n->span;
    if (auto v = sr.str("bucket")) t.bucket = *v;
    else if (sr.ok()) d.error("missing-key", n->span, what + ": 's3' has no 'bucket'");
    t.events = {"created"};
    if (auto v = sr.strings("events")) {
      t.events.clear();
      for (const auto& e : *v) {
        static const std::vector<std::string> kEvents = {"created", "removed", "restored"};
        if (std::find(kEvents.begin(), kEvents.end(), e) == kEvents.end()) {
          auto& diag = d.error("bad-value", sr.get("events")->span, what + ": unknown S3 event '" + e + "'; use created, removed or restored");
          diag.fix = base::did_you_mean(e, kEvents);
        } else {
          t.events.push_back(e);
        }
      }
      std::sort(t.events.begin(), t.events.end());
      t.events.erase(std::unique(t.events.begin(), t.events.end()), t.events.end());
    }
    if (auto v = sr.str("prefix")) t.prefix = *v;
    if (auto v = sr.str("suffix")) t.suffix = *v;
    if (auto v = sr.boolean("allow_self_trigger")) t.allow_self_trigger = *v;
    sr.finish();
    h.s3 = t;
  }
  if (const Node* n = r.get("stream")) {
    MapReader sr(*n, what + ": 'stream'", d);
    model::StreamTrigger t;
    t.span = n->span;
    if (auto v = sr.str("table")) t.table = *v;
    else if (sr.ok()) d.error("missing-key", n->span, what + ": 'stream' has no 'table'");
    if (auto v = sr.integer("batch_size", 1, 10000)) t.batch_size = static_cast<int>(*v);
    if (auto v = sr.str("starting_position")) {
      if (*v == "latest") t.starting_position = "LATEST";
      else if (*v == "trim_horizon") t.starting_position = "TRIM_HORIZON";
      else d.error("bad-value", sr.get("starting_position")->span, what + ": 'starting_position' must be latest or trim_horizon");
    }
    if (const Node* f = sr.get("filter")) t.filter = lower_pattern(*f, nullptr, "", d);
    if (const Node* rt = sr.get("retry")) {
      MapReader rr(*rt, what + ": stream 'retry'", d);
      if (auto v = rr.integer("attempts", -1, 10000)) t.retry_attempts = static_cast<int>(*v);
      if (auto v = rr.duration("max_age")) {
        if (*v < 60 || *v > 604800) d.error("out-of-range", rr.get("max_age")->span, what + ": stream retry 'max_age' must be between 1m and 7d");
        else t.max_age_seconds = static_cast<int>(*v);
      }
      rr.finish();
    }
    if (auto v = sr.str("dlq")) t.dlq = *v;
    if (auto v = sr.boolean("bisect")) t.bisect_on_error = *v;
    if (auto v = sr.integer("parallelization", 1, 10)) t.parallelization = static_cast<int>(*v);
    if (auto v = sr.duration("window")) {
      if (*v > 300) d.error("out-of-range", sr.get("window")->span, what + ": stream 'window' may be at most 5m");
      else t.batching_window_seconds = static_cast<int>(*v);
    }
    sr.finish();
    h.stream = t;
  }
  if (const Node* n = r.get("queue")) {
    model::QueueTrigger t;
    t.span = n->span;
    if (n->is_scalar()) {
      t.queue = n->value;
    } else {
      MapReader qr(*n, what + ": 'queue'", d);
      if (auto v = qr.str("name")) t.queue = *v;
      else if (qr.ok()) d.error("missing-key", n->span, what + ": 'queue' has no 'name'");
      if (auto v = qr.integer("batch_size", 1, 10000)) t.batch_size = static_cast<int>(*v);
      if (auto v = qr.duration("window")) {
        if (*v > 300) d.error("out-of-range", qr.get("window")->span, what + ": queue 'window' may be at most 5m");
        else t.batching_window_seconds = static_cast<int>(*v);
      }
      if (auto v = qr.integer("max_concurrency", 2, 1000)) t.max_concurrency = static_cast<int>(*v);
      qr.finish();
    }
    if (t.batch_size > 10 && !t.batching_window_seconds) {
      d.error("bad-value", n->span, what + ": a queue batch_size above 10 needs a batching 'window'")
          .fix = "add 'window: 5s'";
    }
    h.queue = t;
  }
  if (const Node* n = r.get("schedule")) {
    model::HandlerSchedule t;
    t.span = n->span;
    const Node* expr = n;
    if (n->is_mapping()) {
      MapReader sr(*n, what + ": 'schedule'", d);
      expr = sr.get("expression");
      if (auto v = sr.str("timezone")) t.schedule.timezone = *v;
      if (const Node* in = sr.get("input")) t.input = to_json(*in);
      sr.finish();
      if (!expr) {
        d.error("missing-key", n->span, what + ": 'schedule' has no 'expression'");
        return;
      }
    }
    if (check_schedule_expression(*expr, false, what + ": 'schedule'", d)) {
      t.schedule.expression = expr->value;
      t.schedule.span = expr->span;
      h.schedule = t;
    }
  }
  (void)sys;
}

bool valid_env_name(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

}  // namespace

void lower_handlers(const Node& n, model::System& sys, HandlerLayers& layers, base::Diagnostics& d) {
  sys.handlers.reserve(sys.handlers.size() + n.entries.size());  // a Handler is large: no moves on growth
  for_each_named(n, "handler", d, [&](const spec::Key& key, const Node& value) {
    model::Handler h;
    h.name = key.value;
    h.span = key.span;
    std::string what = "handler " + q(h.name);
    MapReader r(value, what, d);
    layers.own[h.name] = read_handler_settings(r);
    if (auto v = r.str("description")) h.description = *v;
    if (const Node* a = r.get("async")) {
      MapReader ar(*a, what + ": 'async'", d);
      if (auto v = ar.integer("retry_attempts", 0, 2)) h.async_retry_attempts = static_cast<int>(*v);
      if (auto v = ar.str("dlq")) h.dlq = *v;
      ar.finish();
    }
    lower_triggers(r, sys, h, d);
    if (const Node* u = r.get("uses")) lower_uses(*u, sys, h, d);
    if (auto v = r.strings("emits")) {
      h.emits = *v;
      h.emits_span = r.get("emits")->span;
    }
    if (auto v = r.strings("starts")) {
      h.starts = *v;
      h.starts_span = r.get("starts")->span;
    }
    std::sort(h.emits.begin(), h.emits.end());
    h.emits.erase(std::unique(h.emits.begin(), h.emits.end()), h.emits.end());
    std::sort(h.starts.begin(), h.starts.end());
    h.starts.erase(std::unique(h.starts.begin(), h.starts.end()), h.starts.end());
    if (const Node* env = r.get("env")) {
      if (!env->is_mapping()) {
        if (!env->is_null()) wrong_type(*env, what + ": 'env'", "a mapping of variable names to values", d);
      } else {
        for (const auto& e : env->entries) {
          if (!valid_env_name(e.key.value)) {
            d.error("invalid-name", e.key.span, what + ": '" + e.key.value + "' is not a valid environment variable name");
            continue;
          }
          if (e.key.value.rfind("AWS_", 0) == 0 || e.key.value == "_HANDLER" || e.key.value == "LAMBDA_TASK_ROOT") {
            d.error("reserved-name", e.key.span, what + ": '" + e.key.value + "' is reserved by AWS Lambda");
            continue;
          }
          if (!e.value->is_scalar() && !e.value->is_null()) {
            wrong_type(*e.value, what + ": env '" + e.key.value + "'", "a string (quote numbers and booleans)", d);
            continue;
          }
          h.env.push_back({e.key.value, lower_text(*e.value, what + ": env '" + e.key.value + "'", d)});
        }
        std::sort(h.env.begin(), h.env.end(), [](const model::EnvVar& a, const model::EnvVar& b) { return a.name < b.name; });
      }
    }
    if (const Node* aws = r.get("aws")) {
      if (!aws->is_sequence()) {
        wrong_type(*aws, what + ": 'aws'", "a list of { actions, resources } grants", d);
      } else {
        for (const auto& item : aws->items) {
          MapReader gr(*item, what + ": 'aws' grant", d);
          model::RawGrant g;
          g.span = item->span;
          if (auto v = gr.strings("actions")) g.actions = *v;
          if (auto v = gr.strings("resources")) g.resources = *v;
          if (gr.ok() && (g.actions.empty() || g.resources.empty())) {
            d.error("missing-key", item->span, what + ": an 'aws' grant needs 'actions' and 'resources'");
          }
          for (const auto& a : g.actions) {
            if (!model::is_iam_action(a)) {
              d.error("bad-action", item->span, what + ": '" + a + "' is not an IAM action; write service:Action, e.g. bedrock:InvokeModel");
            }
          }
          gr.finish();
          h.aws.push_back(std::move(g));
        }
      }
    }
    r.finish();
    sys.handlers.push_back(std::move(h));
  });
}

}  // namespace slipway::lower
