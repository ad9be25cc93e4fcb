#include "emit/handlers/view.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "base/json_text.h"
#include "derive/naming.h"
#include "emit/handlers/sources.h"
#include "emit/handlers/types.h"

namespace slipway::emit::handlers {

namespace {

using Json = model::Json;

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A C++ expression for a string constant.
std::string str_literal(const std::string& s) { return "\"" + cpp_escape(s) + "\""; }

// A C++ expression for JSON text: a raw string where that is safe.
std::string json_text_literal(const std::string& text) {
  if (text.find(")json\"") == std::string::npos) return "R\"json(" + text + ")json\"";
  return str_literal(text);
}

// A C++ expression for a JSON value, pretty-printed.
std::string json_literal(const Json& j) { return json_text_literal(j.dump(2)); }

// Marks the last element of each list, for separators in templates.
Data with_last(Data list) {
  std::vector<Data>& items = list.items();
  for (std::size_t i = 0; i < items.size(); ++i) items[i]["last"] = i + 1 == items.size();
  return list;
}

EnvVarSpec env_var(const model::System& s, std::string_view kind, const std::string& name, std::string_view attr,
                   const std::string& comment) {
  std::string ph = derive::placeholder(kind, name, attr);
  return EnvVarSpec{upper(ph), derive::cpp_member_name(lower(ph)), comment, derive::aws_name(s, name)};
}

const model::Event* event_of(const model::System& s, const std::string& name) { return s.event(name); }

Data field_view(const CppField& f) {
  return Data{{"key", f.key}, {"key_literal", str_literal(f.key)}, {"member", f.member},
              {"cpp_type", f.cpp_type}, {"schema", f.schema}};
}

Data decls_view(const TypeTable& types) {
  Data out = Data::list();
  for (const auto& d : types.decls()) {
    Data v{{"name", d.name}, {"comment", d.comment}, {"is_enum", d.is_enum}, {"is_struct", !d.is_enum}};
    Data fields = Data::list();
    for (const auto& f : d.fields) fields.push_back(field_view(f));
    v["fields"] = with_last(std::move(fields));
    v["has_fields"] = !d.fields.empty();
    Data values = Data::list();
    std::string allowed;
    for (std::size_t i = 0; i < d.enum_values.size(); ++i) {
      values.push_back(Data{{"text", d.enum_values[i]}, {"text_literal", str_literal(d.enum_values[i])},
                            {"enumerator", d.enumerators[i]}});
      allowed += (i ? ", " : "") + d.enum_values[i];
    }
    v["values"] = with_last(std::move(values));
    v["allowed_literal"] = str_literal("one of " + allowed);
    out.push_back(std::move(v));
  }
  return out;
}

// The C++ type of a transformer or task-input shape; declares a struct when every value has a known type.
std::string shape_type(TypeTable& types, const DirectSource& d) {
  std::vector<CppField> fields;
  for (const auto& [key, value] : d.shape.items()) {
    std::string k = key;
    std::string path;
    if (!d.paths_from_envelope && k.size() > 2 && k.compare(k.size() - 2, 2, ".$") == 0) {
      k = k.substr(0, k.size() - 2);
      if (value.is_string()) path = value.get<std::string>();
    } else if (d.paths_from_envelope && value.is_string() && value.get<std::string>().rfind("$.", 0) == 0) {
      path = value.get<std::string>();
    }
    CppField f;
    f.key = k;
    f.member = derive::cpp_member_name(k);
    if (!path.empty()) {
      model::TypeKind kind = model::TypeKind::String;
      bool scalar = false;
      const model::Type* t = resolve_path(d.base, d.paths_from_envelope, path, kind, scalar);
      if (t) {
        f.cpp_type = types.cpp_type(*t, derive::cpp_type_name(d.name), k);
        f.schema = model::type_name(*t) + " from " + path;
      } else if (scalar) {
        f.cpp_type = kind == model::TypeKind::Timestamp ? "slipway::Timestamp" : "std::string";
        f.schema = path;
      } else {
        f.cpp_type = "nlohmann::json";
        f.schema = "any, from " + path;
      }
    } else if (value.is_string()) {
      f.cpp_type = "std::string";
      f.schema = "constant " + value.dump();
    } else if (value.is_boolean()) {
      f.cpp_type = "bool";
      f.schema = "constant " + value.dump();
    } else if (value.is_number_integer() || value.is_number_unsigned()) {
      f.cpp_type = "std::int64_t";
      f.schema = "constant " + value.dump();
    } else if (value.is_number()) {
      f.cpp_type = "double";
      f.schema = "constant " + value.dump();
    } else {
      f.cpp_type = "nlohmann::json";
      f.schema = "constant";
    }
    fields.push_back(std::move(f));
  }
  return types.add_plain_struct(derive::cpp_type_name(d.name), d.what, std::move(fields));
}

Json shape_sample(const DirectSource& d) {
  Json out = Json::object();
  for (const auto& [key, value] : d.shape.items()) {
    std::string k = key;
    std::string path;
    if (!d.paths_from_envelope && k.size() > 2 && k.compare(k.size() - 2, 2, ".$") == 0) {
      k = k.substr(0, k.size() - 2);
      if (value.is_string()) path = value.get<std::string>();
    } else if (d.paths_from_envelope && value.is_string() && value.get<std::string>().rfind("$.", 0) == 0) {
      path = value.get<std::string>();
    }
    if (path.empty()) {
      out[k] = value;
      continue;
    }
    model::TypeKind kind = model::TypeKind::String;
    bool scalar = false;
    const model::Type* t = resolve_path(d.base, d.paths_from_envelope, path, kind, scalar);
    if (t) out[k] = sample_value(*t, k);
    else if (scalar) out[k] = kind == model::TypeKind::Timestamp ? Json("2024-01-01T00:00:00Z") : Json(k + "-1");
    else out[k] = Json::object();
  }
  return out;
}

Json envelope(const model::System& s, const std::string& source, const std::string& detail_type, Json detail) {
  return Json{{"version", "0"},
              {"id", "00000000-0000-0000-0000-000000000001"},
              {"detail-type", detail_type},
              {"source", source},
              {"account", "123456789012"},
              {"time", "2024-01-01T00:00:00Z"},
              {"region", s.region},
              {"resources", Json::array()},
              {"detail", std::move(detail)}};
}

// The text envelope(s, source, detail_type, detail).dump(2) prints, from `detail_text` (the detail's own
// dump(2)), without building the envelope: members in the order of their keys, two spaces a level. The
// detail moves one level in: JSON text has no line break inside a string, so every one it holds starts
// a line to indent.
std::string envelope_text(const model::System& s, const std::string& source, const std::string& detail_type,
                          std::string_view detail_text) {
  std::string out = "{\n  \"account\": \"123456789012\",\n  \"detail\": ";
  out.reserve(out.size() + detail_text.size() + 256);
  for (char c : detail_text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  out += ",\n  \"detail-type\": ";
  base::append_json_string(out, detail_type);
  out += ",\n  \"id\": \"00000000-0000-0000-0000-000000000001\",\n  \"region\": ";
  base::append_json_string(out, s.region);
  out += ",\n  \"resources\": [],\n  \"source\": ";
  base::append_json_string(out, source);
  out += ",\n  \"time\": \"2024-01-01T00:00:00Z\",\n  \"version\": \"0\"\n}";
  return out;
}

// A sample for the generated tests: the good payload, and a malformed one with the error it must raise.
Data sample_text(const std::string& name, const std::string& good_text) {
  Data s = Data::object();
  s["name"] = name;
  s["literal"] = json_text_literal(good_text);
  s["has_malformed"] = false;
  return s;
}
Data sample(const std::string& name, const Json& good) { return sample_text(name, good.dump(2)); }
void set_malformed_text(Data& s, const std::string& bad_text, const std::string& error) {
  s["has_malformed"] = true;
  s["malformed_literal"] = json_text_literal(bad_text);
  s["malformed_error_literal"] = str_literal(error);
}
void set_malformed(Data& s, const Json& bad, const std::string& error) { set_malformed_text(s, bad.dump(2), error); }
void set_batch_failure(Data& s, const Json& bad, const std::string& id) {
  s["has_batch_failure"] = true;
  s["batch_failure_literal"] = json_literal(bad);
  s["batch_failure_id_literal"] = str_literal(id);
}

// Breaks the first scalar of `type` inside `value` (at `prefix`); falls back to breaking the value itself.
std::string break_typed(const model::Type& type, Json& value, const std::string& prefix) {
  std::string path, expected;
  if (break_sample(type, value, prefix, path, expected)) return (path.empty() ? "payload" : path) + ": " + expected;
  value = 42;
  return (prefix.empty() ? "payload" : prefix) + ": expected object, got integer";
}

}  // namespace

std::vector<EnvVarSpec> handler_env_vars(const model::System& s, const model::Handler& h) {
  std::vector<EnvVarSpec> out;
  std::set<std::string> seen;
  auto add = [&](EnvVarSpec v) {
    if (seen.insert(v.var).second) out.push_back(std::move(v));
  };
  for (const auto& u : h.uses) {
    std::string access = model::access_name(u.access);
    switch (u.kind) {
      case model::ResourceKind::Table: add(env_var(s, "table", u.name, "name", "table " + u.name + " (" + access + ")")); break;
      case model::ResourceKind::Bucket: add(env_var(s, "bucket", u.name, "name", "bucket " + u.name + " (" + access + ")")); break;
      case model::ResourceKind::Queue: add(env_var(s, "queue", u.name, "url", "queue " + u.name + " (" + access + ")")); break;
      case model::ResourceKind::Topic: add(env_var(s, "topic", u.name, "arn", "topic " + u.name + " (" + access + ")")); break;
      case model::ResourceKind::Secret: add(env_var(s, "secret", u.name, "arn", "secret " + u.name + " (" + access + ")")); break;
      case model::ResourceKind::Parameter: {
        EnvVarSpec v = env_var(s, "parameter", u.name, "name", "SSM parameter " + u.name + " (" + access + ")");
        if (const auto* p = s.parameter(u.name)) v.test_value = p->path;
        add(v);
        break;
      }
      case model::ResourceKind::Bus: add(env_var(s, "bus", u.name, "name", "event bus " + u.name)); break;
      case model::ResourceKind::ScheduleGroup: {
        add(env_var(s, "schedule_group", u.name, "name", "schedule group " + u.name));
        EnvVarSpec t = env_var(s, "schedule_group", u.name, "target_arn", "what schedules in " + u.name + " invoke");
        t.test_value = "arn:aws:lambda:" + s.region + ":123456789012:function:" + t.test_value;
        add(t);
        EnvVarSpec r = env_var(s, "schedule_group", u.name, "role_arn", "role Scheduler assumes for " + u.name);
        r.test_value = "arn:aws:iam::123456789012:role/" + r.test_value;
        add(r);
        const model::Schedule* sc = s.schedule(u.name);
        if (sc && !sc->target.dlq.empty()) {
          EnvVarSpec d = env_var(s, "schedule_group", u.name, "dlq_arn", "dead-letter queue of " + u.name);
          d.test_value = "arn:aws:sqs:" + s.region + ":123456789012:" + derive::aws_name(s, sc->target.dlq);
          add(d);
        }
        break;
      }
    }
  }
  for (const auto& e : h.emits) {
    const model::Event* ev = event_of(s, e);
    if (ev && !ev->bus.empty() && ev->bus != "default") {
      add(env_var(s, "bus", ev->bus, "name", "event bus " + ev->bus + " (emits " + e + ")"));
    }
  }
  for (const auto& w : h.starts) {
    EnvVarSpec v = env_var(s, "workflow", w, "arn", "state machine " + w + " (starts)");
    v.test_value = "arn:aws:states:" + s.region + ":123456789012:stateMachine:" + v.test_value;
    add(v);
  }
  for (const auto& e : h.env) {
    std::string comment = "env: ";
    for (const auto& p : e.value.parts) {
      comment += p.ref ? "${" + p.ref->kind + "." + p.ref->name + (p.ref->attr.empty() ? "" : "." + p.ref->attr) + "}"
                       : p.literal;
    }
    add(EnvVarSpec{e.name, derive::cpp_member_name(lower(e.name)), comment, e.value.literal()});
  }
  return out;
}

namespace {

struct Builder {
  const model::System& s;
  const model::Handler& h;
  const SourceIndex& sources;
  TypeTable types;
  Data view = Data::object();
  Data samples = Data::list();
  Data triggers = Data::list();  // for the README

  // The detail struct of an event, declared once.
  std::string detail_type(const model::Event& e) {
    std::string name = derive::cpp_type_name(e.name);
    if (!types.has(name)) {
      if (e.detail) return types.add_struct(*e.detail, name, "detail of " + e.name);
      return types.add_plain_struct(name, "detail of " + e.name, {});
    }
    return name;
  }

  Json detail_sample(const model::Event& e) { return e.detail ? sample_value(*e.detail, e.name) : Json::object(); }

  void event_entries(const HandlerSources& src) {
    Data entries = Data::list();
    for (const model::Event* e : src.events) {
      std::string detail = detail_type(*e);
      std::string sample_name = "k" + detail + "Event";
      entries.push_back(Data{{"type", "slipway::Event<" + detail + ">"},
                             {"detail", detail},
                             {"event", e->name},
                             {"source_literal", str_literal(e->source)},
                             {"detail_type_literal", str_literal(e->detail_type)},
                             {"sample", sample_name}});
      // The envelopes are written as text around their details: building and printing two nine-member
      // JSON objects per event was an eighth of this backend's instructions.
      const Json good_detail = detail_sample(*e);
      Json bad_detail = good_detail;
      std::string error = e->detail ? break_typed(*e->detail, bad_detail, "detail")
                                    : "detail: expected object, got integer";
      if (!e->detail) bad_detail = 42;
      Data smp = sample_text(sample_name, envelope_text(s, e->source, e->detail_type, good_detail.dump(2)));
      set_malformed_text(smp, envelope_text(s, e->source, e->detail_type, bad_detail.dump(2)), error);
      smp["kind_event"] = true;
      smp["type"] = "slipway::Event<" + detail + ">";
      samples.push_back(std::move(smp));
      triggers.push_back(Data{{"text", "EventBridge: " + e->name + " (source `" + e->source + "`, detail-type `" +
                                           e->detail_type + "`)"}});
    }
    view["event_entries"] = std::move(entries);
    view["scheduled_event"] = src.scheduled_event;
    if (src.scheduled_event) {
      Json good = envelope(s, "aws.events", "Scheduled Event", Json::object());
      Json bad = good;
      bad["time"] = 42;
      Data smp = sample("kScheduledEvent", good);
      set_malformed(smp, bad, "time: expected timestamp (an RFC 3339 string), got integer");
      smp["kind_event"] = true;
      smp["type"] = "slipway::ScheduledEvent";
      samples.push_back(std::move(smp));
      triggers.push_back(Data{{"text", "EventBridge schedule rule (Scheduled Event)"}});
    }
  }

  void http_entry() {
    if (!h.http) return;
    std::vector<CppField> params;
    Json path_params = Json::object();
    std::string path = h.http->path;
    for (std::size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
      std::size_t close = path.find('}', open);
      if (close == std::string::npos) break;
      std::string name = path.substr(open + 1, close - open - 1);
      if (!name.empty() && name.back() == '+') name.pop_back();
      params.push_back(CppField{name, derive::cpp_member_name(name), "std::string", "path parameter"});
      path_params[name] = name + "-1";
    }
    std::string params_type = "slipway::http::NoPathParameters";
    if (!params.empty()) params_type = types.add_plain_struct("PathParameters", "path parameters of " + path, params);
    std::string raw_path = path;
    for (const auto& [k, v] : path_params.items()) {
      std::string token = "{" + k + "}";
      auto at = raw_path.find(token);
      if (at == std::string::npos) at = raw_path.find("{" + k + "+}"), token = "{" + k + "+}";
      if (at != std::string::npos) raw_path.replace(at, token.size(), v.get<std::string>());
    }
    std::string method = h.http->method == "ANY" ? "GET" : h.http->method;
    Json rc{{"accountId", "123456789012"}, {"apiId", "api"}, {"domainName", "api.example.com"},
            {"http", {{"method", method}, {"path", raw_path}, {"protocol", "HTTP/1.1"}, {"sourceIp", "192.0.2.1"},
                      {"userAgent", "test"}}},
            {"requestId", "request-1"}, {"routeKey", h.http->method + " " + path}, {"stage", "$default"},
            {"time", "01/Jan/2024:00:00:00 +0000"}, {"timeEpoch", 1704067200000}};
    if (h.http->auth) rc["authorizer"] = {{"jwt", {{"claims", {{"sub", "user-1"}}}, {"scopes", Json::array()}}}};
    Json good{{"version", "2.0"}, {"routeKey", h.http->method + " " + path}, {"rawPath", raw_path},
              {"rawQueryString", ""}, {"headers", {{"content-type", "application/json"}}},
              {"requestContext", rc}, {"body", "{}"}, {"isBase64Encoded", false}};
    if (!params.empty()) good["pathParameters"] = path_params;
    Json bad = good;
    std::string error;
    if (!params.empty()) {
      bad.erase("pathParameters");
      error = "pathParameters: required field is missing";
    } else {
      bad["requestContext"]["http"].erase("method");
      error = "requestContext.http.method: required field is missing";
    }
    Data smp = sample("kHttpRequest", good);
    set_malformed(smp, bad, error);
    smp["kind_http"] = true;
    samples.push_back(std::move(smp));
    view["http"] = Data::list(Data{{"params_type", params_type}, {"route", h.http->method + " " + path},
                                    {"auth", h.http->auth}});
    triggers.push_back(Data{{"text", "HTTP API: `" + h.http->method + " " + path + "`" +
                                         (h.http->auth ? " (JWT authorizer)" : " (no authorizer)")}});
  }

  void s3_entry() {
    if (!h.s3) return;
    std::string bucket = derive::bucket_name(s, h.s3->bucket);
    std::string key = h.s3->prefix + "sample+file" + (h.s3->suffix.empty() ? ".bin" : h.s3->suffix);
    Json record{{"eventVersion", "2.1"}, {"eventSource", "aws:s3"}, {"awsRegion", s.region},
                {"eventTime", "2024-01-01T00:00:00.000Z"}, {"eventName", "ObjectCreated:Put"},
                {"s3", {{"s3SchemaVersion", "1.0"},
                        {"bucket", {{"name", bucket}, {"arn", "arn:aws:s3:::" + bucket}}},
                        {"object", {{"key", key}, {"size", 1024}, {"eTag", "0123456789abcdef"},
                                    {"sequencer", "0A1B2C3D4E5F678901"}}}}}};
    Json good{{"Records", Json::array({record})}};
    Json bad = good;
    bad["Records"][0]["s3"]["object"]["size"] = "1024";
    Data smp = sample("kS3Notification", good);
    set_malformed(smp, bad, "Records[0].s3.object.size: expected integer, got string");
    smp["kind_s3"] = true;
    samples.push_back(std::move(smp));
    view["s3"] = Data::list(Data{{"bucket", h.s3->bucket}});
    std::string events;
    for (const auto& e : h.s3->events) events += (events.empty() ? "" : ", ") + e;
    triggers.push_back(Data{{"text", "S3: bucket " + h.s3->bucket + " (" + events + ")" +
                                         (h.s3->prefix.empty() ? "" : ", prefix `" + h.s3->prefix + "`") +
                                         (h.s3->suffix.empty() ? "" : ", suffix `" + h.s3->suffix + "`")}});
  }

  void sqs_entry() {
    if (!h.queue) return;
    const model::Queue* q = s.queue(h.queue->queue);
    bool fifo = q && q->fifo;
    QueueBody body = sources.queue(h.queue->queue);
    std::string body_type = body.raw ? "std::string" : "nlohmann::json";
    Json body_sample = Json::object();
    const model::Event* e = body.event;
    if (e) {
      body_type = "slipway::Event<" + detail_type(*e) + ">";
      body_sample = envelope(s, e->source, e->detail_type, detail_sample(*e));
    }
    std::string queue_name = q ? derive::queue_name(s, *q) : h.queue->queue;
    auto record = [&](const std::string& text) {
      Json r{{"messageId", "message-1"}, {"receiptHandle", "handle-1"}, {"body", text},
             {"attributes", {{"ApproximateReceiveCount", "1"}, {"SentTimestamp", "1704067200000"}}},
             {"messageAttributes", Json::object()}, {"md5OfBody", ""}, {"eventSource", "aws:sqs"},
             {"eventSourceARN", "arn:aws:sqs:" + s.region + ":123456789012:" + queue_name},
             {"awsRegion", s.region}};
      if (fifo) r["attributes"]["MessageGroupId"] = "group-1";
      return r;
    };
    std::string good_text = body.raw ? std::string("sample message") : body_sample.dump();
    Json good{{"Records", Json::array({record(good_text)})}};
    Data smp = sample("kSqsBatch", good);
    if (e && e->detail) {
      Json bad_body = body_sample;
      break_typed(*e->detail, bad_body["detail"], "detail");
      set_batch_failure(smp, Json{{"Records", Json::array({record(bad_body.dump())})}}, "message-1");
    } else if (!body.raw) {
      set_batch_failure(smp, Json{{"Records", Json::array({record("{not json")})}}, "message-1");
    }
    Json bad = good;
    bad["Records"][0].erase("messageId");
    set_malformed(smp, bad, "Records[0].messageId: required field is missing");
    smp["kind_sqs"] = true;
    samples.push_back(std::move(smp));
    view["sqs"] = Data::list(Data{{"body_type", body_type}, {"fifo", fifo}, {"queue", h.queue->queue}});
    triggers.push_back(Data{{"text", std::string("SQS: queue ") + h.queue->queue + (fifo ? " (FIFO)" : "") +
                                         ", partial batch responses; body: " +
                                         (e ? "the EventBridge envelope of " + e->name
                                            : body.raw ? std::string("text") : std::string("JSON"))}});
  }

  void sns_entry(const HandlerSources& src) {
    if (src.topics.empty()) return;
    Json rec{{"EventSource", "aws:sns"}, {"EventVersion", "1.0"},
             {"EventSubscriptionArn", "arn:aws:sns:" + s.region + ":123456789012:topic:sub"},
             {"Sns", {{"Type", "Notification"}, {"MessageId", "message-1"},
                      {"TopicArn", "arn:aws:sns:" + s.region + ":123456789012:" + derive::aws_name(s, src.topics[0])},
                      {"Subject", "sample"}, {"Message", "sample message"}, {"Timestamp", "2024-01-01T00:00:00.000Z"},
                      {"MessageAttributes", Json::object()}}}};
    Json good{{"Records", Json::array({rec})}};
    Json bad = good;
    bad["Records"][0]["Sns"].erase("Message");
    Data smp = sample("kSnsNotification", good);
    set_malformed(smp, bad, "Records[0].Sns.Message: required field is missing");
    smp["kind_sns"] = true;
    samples.push_back(std::move(smp));
    view["sns"] = Data::list(Data::object());
    for (const auto& t : src.topics) triggers.push_back(Data{{"text", "SNS: topic " + t}});
  }

  void stream_entry() {
    if (!h.stream) return;
    const model::Table* t = s.table(h.stream->table);
    std::vector<CppField> fields;
    Json keys = Json::object(), plain = Json::object();
    std::string bad_key;
    if (t) {
      std::vector<const model::KeyAttribute*> attrs{&t->partition};
      if (t->sort) attrs.push_back(&*t->sort);
      for (const auto* a : attrs) {
        bool number = a->type == "N";
        fields.push_back(CppField{a->name, derive::cpp_member_name(a->name), number ? "double" : "std::string",
                                  a->type == "N" ? "number key" : a->type == "B" ? "binary key (base64)" : "string key"});
        keys[a->name] = number ? Json{{"N", "1"}} : a->type == "B" ? Json{{"B", "AQID"}} : Json{{"S", a->name + "-1"}};
        if (bad_key.empty()) bad_key = a->name;
      }
    }
    std::string key_type = types.add_plain_struct(derive::cpp_type_name(h.stream->table) + "Key",
                                                  "key of table " + h.stream->table, fields);
    std::string view_type = t && !t->stream.empty() ? t->stream : "NEW_AND_OLD_IMAGES";
    auto record = [&](const Json& k) {
      Json d{{"ApproximateCreationDateTime", 1704067200}, {"Keys", k}, {"SequenceNumber", "100000000000000000001"},
             {"SizeBytes", 64}, {"StreamViewType", view_type}};
      if (view_type == "NEW_IMAGE" || view_type == "NEW_AND_OLD_IMAGES") d["NewImage"] = k;
      return Json{{"eventID", "event-1"}, {"eventName", "INSERT"}, {"eventVersion", "1.1"},
                  {"eventSource", "aws:dynamodb"}, {"awsRegion", s.region}, {"dynamodb", d},
                  {"eventSourceARN", "arn:aws:dynamodb:" + s.region + ":123456789012:table/" +
                                         derive::aws_name(s, h.stream->table) + "/stream/2024-01-01T00:00:00.000"}};
    };
    Json good{{"Records", Json::array({record(keys)})}};
    Data smp = sample("kStreamBatch", good);
    if (!bad_key.empty()) {
      Json broken = keys;
      broken.erase(bad_key);
      set_batch_failure(smp, Json{{"Records", Json::array({record(broken)})}}, "100000000000000000001");
    }
    Json bad = good;
    bad["Records"][0]["dynamodb"].erase("SequenceNumber");
    set_malformed(smp, bad, "Records[0].dynamodb.SequenceNumber: required field is missing");
    smp["kind_stream"] = true;
    smp["type"] = key_type;
    samples.push_back(std::move(smp));
    view["stream"] = Data::list(Data{{"key_type", key_type}, {"table", h.stream->table}});
    triggers.push_back(Data{{"text", "DynamoDB stream: table " + h.stream->table + " (" + view_type +
                                         "), partial batch responses"}});
  }

  void direct_entry(const HandlerSources& src, bool has_other_entries) {
    if (src.direct.empty() && has_other_entries) return;
    std::string input_type = "nlohmann::json";
    Json good = Json::object();
    const model::Type* typed = nullptr;
    bool all_detail = !src.direct.empty() && std::all_of(src.direct.begin(), src.direct.end(), [&](const DirectSource& d) {
      return d.kind == DirectSource::Kind::Detail && d.event == src.direct.front().event;
    });
    if (all_detail) {
      input_type = detail_type(*src.direct.front().event);
      good = detail_sample(*src.direct.front().event);
      typed = src.direct.front().event->detail.get();
    } else if (src.direct.size() == 1 && src.direct.front().kind == DirectSource::Kind::Shape) {
      input_type = shape_type(types, src.direct.front());
      good = shape_sample(src.direct.front());
    }
    std::string from;
    for (const auto& d : src.direct) from += (from.empty() ? "" : "; ") + d.what;
    if (from.empty()) from = "direct invocations";
    Data smp = sample("kDirectInput", good);
    smp["kind_direct"] = true;
    smp["type"] = input_type;
    if (typed) {
      Json bad = good;
      std::string error = break_typed(*typed, bad, "");
      set_malformed(smp, bad, error);
      smp["roundtrip"] = true;
    } else {
      smp["roundtrip"] = false;
    }
    samples.push_back(std::move(smp));
    view["direct"] = Data::list(Data{{"input_type", input_type}, {"from", from},
                                    {"typed", input_type != "nlohmann::json"}});
    triggers.push_back(Data{{"text", "Direct invocation (" + from + "); input: `" + input_type + "`"}});
  }
};

}  // namespace

namespace {

Data env_view(const std::vector<EnvVarSpec>& vars) {
  Data out = Data::list();
  for (const auto& v : vars) {
    out.push_back(Data{{"var", v.var}, {"var_literal", str_literal(v.var)}, {"member", v.member},
                       {"comment", v.comment}, {"test_value_literal", str_literal(v.test_value)}});
  }
  return with_last(std::move(out));
}

std::string env_member(const model::System& s, std::string_view kind, const std::string& name, std::string_view attr) {
  return env_var(s, kind, name, attr, "").member;
}

void emits_view(Builder& b) {
  Data out = Data::list();
  for (const auto& name : b.h.emits) {
    const model::Event* e = b.s.event(name);
    if (!e) continue;
    std::string type = b.detail_type(*e);
    bool custom = !e->bus.empty() && e->bus != "default";
    out.push_back(Data{{"fn", derive::cpp_member_name(e->name)},
                       {"event", e->name},
                       {"type", type},
                       {"source", e->source},
                       {"detail_type", e->detail_type},
                       {"bus", e->bus.empty() ? std::string("default") : e->bus},
                       {"source_literal", str_literal(e->source)},
                       {"detail_type_literal", str_literal(e->detail_type)},
                       {"bus_expr", custom ? "env_." + env_member(b.s, "bus", e->bus, "name") : "\"default\""},
                       {"bus_test_literal", str_literal(custom ? derive::aws_name(b.s, e->bus) : "default")},
                       {"sample_literal", json_literal(b.detail_sample(*e))}});
  }
  b.view["has_emits"] = !out.empty();
  b.view["emits"] = std::move(out);
}

void groups_view(Builder& b) {
  Data out = Data::list();
  for (const auto& u : b.h.uses) {
    if (u.kind != model::ResourceKind::ScheduleGroup || u.access != model::Access::Create) continue;
    const model::Schedule* sc = b.s.schedule(u.name);
    if (!sc) continue;
    const model::Target& t = sc->target;
    Data g{{"fn", derive::cpp_member_name(u.name)},
           {"group", u.name},
           {"name_member", env_member(b.s, "schedule_group", u.name, "name")},
           {"target_member", env_member(b.s, "schedule_group", u.name, "target_arn")},
           {"role_member", env_member(b.s, "schedule_group", u.name, "role_arn")},
           {"has_dlq", !t.dlq.empty()},
           {"dlq_member", env_member(b.s, "schedule_group", u.name, "dlq_arn")},
           {"has_retry", t.retry.has_value()},
           {"retry_attempts", t.retry ? std::to_string(t.retry->attempts) : ""},
           {"max_age", t.retry ? std::to_string(t.retry->max_age_seconds) : ""},
           {"is_event", false},
           {"input_type", "nlohmann::json"},
           {"has_group_id", false}};
    std::string what;
    bool is_event = false;
    switch (t.kind) {
      case model::TargetKind::Handler: what = "invokes handler " + t.name; break;
      case model::TargetKind::Workflow: what = "starts workflow " + t.name; break;
      case model::TargetKind::Queue: {
        what = "sends to queue " + t.name;
        const model::Queue* q = b.s.queue(t.name);
        if (q && q->fifo) {
          g["has_group_id"] = true;
          g["group_id_literal"] = str_literal(t.message_group_id.empty() ? u.name : t.message_group_id);
        }
        break;
      }
      case model::TargetKind::Topic: what = "publishes to topic " + t.name; break;
      case model::TargetKind::Bus: what = "puts to bus " + t.name; break;
      case model::TargetKind::Event: {
        const model::Event* e = b.s.event(t.name);
        what = "puts event " + t.name;
        if (e) {
          is_event = true;
          g["is_event"] = true;
          g["input_type"] = b.detail_type(*e);
          g["source_literal"] = str_literal(e->source);
          g["detail_type_literal"] = str_literal(e->detail_type);
          g["sample_literal"] = json_literal(b.detail_sample(*e));
        }
        break;
      }
    }
    if (!is_event) g["sample_literal"] = json_literal(Json{{"sample", true}});
    g["what"] = what;
    out.push_back(std::move(g));
  }
  b.view["has_groups"] = !out.empty();
  b.view["groups"] = std::move(out);
}

void starts_view(Builder& b) {
  Data out = Data::list();
  for (const auto& w : b.h.starts) {
    const model::Workflow* wf = b.s.workflow(w);
    const model::Event* in = wf && !wf->input_event.empty() ? b.s.event(wf->input_event) : nullptr;
    out.push_back(Data{{"fn", derive::cpp_member_name(w)},
                       {"workflow", w},
                       {"arn_member", env_member(b.s, "workflow", w, "arn")},
                       {"input_type", in ? b.detail_type(*in) : std::string("nlohmann::json")},
                       {"sample_literal", json_literal(in ? b.detail_sample(*in) : Json::object())}});
  }
  b.view["has_starts"] = !out.empty();
  b.view["starts"] = std::move(out);
}

}  // namespace

Data handler_view(const model::System& s, const model::Handler& h, const SourceIndex& sources) {
  Builder b{s, h, sources, {}, Data::object(), Data::list(), Data::list()};
  Data& v = b.view;
  v["system"] = s.name;
  v["handler"] = h.name;
  // The description lands in `//` comments: one line, so no spec text can end the comment.
  std::string one_line = h.description;
  for (char& c : one_line) {
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f') c = ' ';
  }
  v["description"] = one_line;
  v["has_description"] = !h.description.empty();
  v["namespace"] = derive::cpp_member_name(s.name) + "::" + derive::cpp_member_name(h.name);
  v["function_name"] = derive::aws_name(s, h.name);
  v["architecture"] = h.architecture;
  v["cmake_processor"] = h.architecture == "arm64" ? "aarch64" : "x86_64";
  v["memory"] = h.memory_mb;
  v["timeout"] = h.timeout_seconds;
  for (const char* key : {"http", "s3", "sqs", "sns", "stream", "direct"}) v[key] = Data::list();

  const HandlerSources& src = sources.handler(h.name);
  b.event_entries(src);
  b.http_entry();
  b.s3_entry();
  b.sqs_entry();
  b.sns_entry(src);
  b.stream_entry();
  bool others = !src.events.empty() || src.scheduled_event || h.http || h.s3 || h.queue || !src.topics.empty() ||
                h.stream;
  b.direct_entry(src, others);
  emits_view(b);
  groups_view(b);
  starts_view(b);

  std::vector<EnvVarSpec> vars = handler_env_vars(s, h);
  v["env"] = env_view(vars);
  v["has_env"] = !vars.empty();
  v["needs_transport"] = v["has_emits"].boolean() || v["has_groups"].boolean() || v["has_starts"].boolean();
  v["decls"] = decls_view(b.types);
  v["samples"] = std::move(b.samples);
  v["triggers"] = std::move(b.triggers);
  return std::move(b.view);
}

Data system_view(const model::System& s) {
  Data handlers = Data::list();
  for (const auto& h : s.handlers) handlers.push_back(Data{{"name", h.name}});
  const bool has_handlers = !handlers.empty();
  return Data{{"system", s.name}, {"handlers", with_last(std::move(handlers))}, {"has_handlers", has_handlers}};
}

}  // namespace slipway::emit::handlers
