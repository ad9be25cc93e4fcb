// JSON values inside states: spec payloads, DynamoDB attribute values, retriers, field order, path types.
#include <algorithm>
#include <cmath>

#include "derive/workflow.h"
#include "emit/asl/asl.h"

namespace slipway::emit::asl {

namespace {

bool is_path(const model::Json& v) {
  return v.is_string() && !v.get_ref<const std::string&>().empty() && v.get_ref<const std::string&>()[0] == '$';
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

const std::set<std::string>& attribute_types() {
  static const std::set<std::string> kTypes = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"};
  return kTypes;
}

// {"S": "x"} or {"N.$": "$.n"}: already a DynamoDB attribute value.
bool is_typed(const model::Json& v) {
  if (!v.is_object() || v.size() != 1) return false;
  std::string k = v.begin().key();
  if (ends_with(k, ".$")) k.resize(k.size() - 2);
  return attribute_types().count(k) != 0;
}

std::string attribute_type_for(const model::Type* t) {
  if (!t) return "S";
  switch (t->kind) {
    case model::TypeKind::Integer:
    case model::TypeKind::Number: return "N";
    case model::TypeKind::Boolean: return "BOOL";
    case model::TypeKind::Array:
    case model::TypeKind::Object: return "JSON";
    default: return "S";
  }
}

OJson typed_path(const std::string& path, const std::string& type) {
  OJson out = OJson::object();
  if (type == "N") {
    out["N.$"] = "States.JsonToString(" + path + ")";
  } else if (type == "JSON") {
    out["S.$"] = "States.JsonToString(" + path + ")";  // objects and arrays are stored as JSON text
  } else if (type == "BOOL") {
    out["BOOL.$"] = path;
  } else {
    out[type + ".$"] = path;
  }
  return out;
}

OJson typed_literal(const model::Json& v, const std::string& key_type, const DataShape& shape) {
  OJson out = OJson::object();
  if (is_typed(v)) return template_json(v);
  if (v.is_string()) {
    out[key_type.empty() ? "S" : key_type] = derive::template_text(v.get_ref<const std::string&>());
  } else if (v.is_number()) {
    out[key_type == "S" ? "S" : "N"] = v.dump();
  } else if (v.is_boolean()) {
    out["BOOL"] = v.get<bool>();
  } else if (v.is_null()) {
    out["NULL"] = true;
  } else if (v.is_array()) {
    OJson list = OJson::array();
    for (const auto& e : v) list.push_back(typed_literal(e, "", shape));
    out["L"] = std::move(list);
  } else {
    out["M"] = dynamodb_values(v, {}, shape);
  }
  return out;
}

}  // namespace

OJson number(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) return static_cast<std::int64_t>(d);
  return d;
}

OJson template_json(const model::Json& j) {
  if (j.is_string()) return derive::template_text(j.get_ref<const std::string&>());
  if (j.is_array()) {
    OJson out = OJson::array();
    for (const auto& v : j) out.push_back(template_json(v));
    return out;
  }
  if (j.is_object()) {
    OJson out = OJson::object();
    for (const auto& [k, v] : j.items()) out[derive::template_text(k)] = template_json(v);
    return out;
  }
  if (j.is_number_float()) return number(j.get<double>());
  return OJson::parse(j.dump());
}

OJson dynamodb_values(const model::Json& j, const std::map<std::string, std::string>& key_types,
                      const DataShape& shape) {
  OJson out = OJson::object();
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    const bool path_key = ends_with(k, ".$");
    const std::string name = path_key ? k.substr(0, k.size() - 2) : k;
    auto kt = key_types.find(name);
    const std::string key_type = kt == key_types.end() ? "" : kt->second;
    if (path_key && is_path(v)) {
      const std::string& p = v.get_ref<const std::string&>();
      out[name] = typed_path(p, key_type.empty() ? attribute_type_for(path_type(shape, p)) : key_type);
    } else if (path_key && v.is_string()) {  // an intrinsic function such as States.Format(...)
      out[name] = typed_path(v.get<std::string>(), key_type.empty() ? "S" : key_type);
    } else {
      out[name] = typed_literal(v, key_type, shape);
    }
  }
  return out;
}

OJson retrier(const model::StepRetry& r) {
  OJson out = OJson::object();
  out["ErrorEquals"] = r.errors.empty() ? std::vector<std::string>{"States.ALL"} : r.errors;
  out["IntervalSeconds"] = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(r.interval_seconds)));
  out["MaxAttempts"] = r.attempts;
  out["BackoffRate"] = number(r.backoff);
  if (r.max_delay_seconds) out["MaxDelaySeconds"] = *r.max_delay_seconds;
  if (r.jitter) out["JitterStrategy"] = "FULL";
  return out;
}

OJson lambda_retrier() {
  OJson out = OJson::object();
  out["ErrorEquals"] = {"Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
                        "Lambda.TooManyRequestsException"};
  out["IntervalSeconds"] = 1;
  out["MaxAttempts"] = 3;
  out["BackoffRate"] = 2;
  out["JitterStrategy"] = "FULL";
  return out;
}

OJson canonical_state(const OJson& state) {
  static const std::vector<std::string> kOrder = {
      "Type", "Comment", "QueryLanguage", "Resource", "InputPath", "Parameters", "Arguments", "ItemsPath",
      "Items", "ItemSelector", "MaxConcurrency", "ItemProcessor", "Iterator", "Branches", "Result", "Seconds",
      "SecondsPath", "Timestamp", "TimestampPath", "Choices", "Default", "Error", "ErrorPath", "Cause",
      "CausePath", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
      "ResultSelector", "ResultPath", "OutputPath", "Output", "Assign", "Retry", "Catch"};
  OJson out = OJson::object();
  for (const auto& k : kOrder) {
    if (state.contains(k)) out[k] = state.at(k);
  }
  std::vector<std::string> rest;
  for (const auto& [k, _] : state.items()) {
    if (std::find(kOrder.begin(), kOrder.end(), k) == kOrder.end() && k != "Next" && k != "End") rest.push_back(k);
  }
  std::sort(rest.begin(), rest.end());
  for (const auto& k : rest) out[k] = state.at(k);
  if (state.contains("Next")) out["Next"] = state.at("Next");
  if (state.contains("End")) out["End"] = state.at("End");
  return out;
}

const model::Type* path_type(const DataShape& shape, std::string_view path) {
  if (!shape.input || path.size() < 2 || path.substr(0, 2) != "$.") return nullptr;
  const model::Type* t = shape.input;
  std::size_t i = 1;
  bool first = true;
  while (i < path.size() && t) {
    if (path[i] == '.') {
      std::size_t end = i + 1;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      const std::string name(path.substr(i + 1, end - i - 1));
      if (first && shape.added.count(name)) return nullptr;
      first = false;
      if (t->kind != model::TypeKind::Object) return nullptr;
      const model::Field* f = t->field(name);
      t = f ? f->type.get() : nullptr;
      i = end;
    } else if (path[i] == '[') {
      const std::size_t end = path.find(']', i);
      if (end == std::string_view::npos || t->kind != model::TypeKind::Array) return nullptr;
      t = t->element.get();
      i = end + 1;
    } else {
      return nullptr;
    }
  }
  return t;
}

}  // namespace slipway::emit::asl
