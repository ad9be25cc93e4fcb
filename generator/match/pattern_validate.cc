// Pattern validation, with the rules and (reworded) messages EventBridge applies when a rule is created.
#include <cmath>
#include <set>

#include "match/internal.h"
#include "match/pattern.h"
#include "match/text.h"

namespace slipway::match {

namespace internal {

std::optional<std::int64_t> comparable(double d) {
  if (!std::isfinite(d) || d < -5.0e9 || d > 5.0e9) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(d * 1e6));
}

std::string operator_name(const Value& v) {
  return v.is_object() && v.fields.size() == 1 ? v.fields.front().first : "";
}

}  // namespace internal

namespace {

using internal::join;

const std::set<std::string>& operators() {
  static const std::set<std::string> kOps = {"anything-but", "cidr",    "equals-ignore-case", "exists",
                                             "numeric",      "prefix",  "suffix",             "wildcard"};
  return kOps;
}

std::string kind_name(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return "a boolean";
    case Value::Kind::Number: return "a number";
    case Value::Kind::String: return "a string";
    case Value::Kind::Array: return "an array";
    case Value::Kind::Object: return "an object";
  }
  return "";
}

std::string check_number(const Value& v, const std::string& where) {
  if (v.kind != Value::Kind::Number) return where + " must be a number, not " + kind_name(v);
  if (!internal::comparable(v.number)) {
    return where + " " + v.text + " is out of range: numeric matching is limited to -5.0e9..5.0e9";
  }
  return "";
}

std::string check_numeric(const Value& v) {
  if (!v.is_array()) return "the value of numeric must be an array such as [\">\", 0, \"<=\", 5]";
  const auto& a = v.items;
  if (a.empty()) return "numeric needs an operator and a number";
  auto op_at = [&](std::size_t i) { return i < a.size() && a[i].kind == Value::Kind::String ? a[i].text : ""; };
  std::string op = op_at(0);
  if (a[0].kind != Value::Kind::String) return "numeric must start with an operator (=, <, <=, >, >=)";
  if (op != "=" && op != "<" && op != "<=" && op != ">" && op != ">=") {
    return "unrecognized numeric operator \"" + op + "\" (use =, <, <=, > or >=)";
  }
  if (a.size() < 2) return "numeric operator \"" + op + "\" needs a number";
  if (auto e = check_number(a[1], "the value of " + op); !e.empty()) return e;
  if (a.size() == 2) return "";
  if (op != ">" && op != ">=") return "too many elements in numeric expression: only a lower bound (> or >=) can be followed by an upper bound";
  std::string top = op_at(2);
  if (top != "<" && top != "<=") {
    return a[2].kind == Value::Kind::String ? "bad upper bound operator \"" + top + "\" in numeric range (use < or <=)"
                                            : "bad value in numeric range: expected < or <=";
  }
  if (a.size() < 4) return "numeric operator \"" + top + "\" needs a number";
  if (auto e = check_number(a[3], "the value of " + top); !e.empty()) return e;
  if (a.size() > 4) return "too many terms in numeric range expression";
  if (!(a[1].number < a[3].number)) {
    return "numeric range is empty: the lower bound " + a[1].text + " must be less than the upper bound " + a[3].text;
  }
  return "";
}

std::string check_string_or_list(const Value& v, const std::string& what, bool wildcard) {
  std::vector<const Value*> vals;
  if (v.is_array()) {
    if (v.items.empty()) return what + " needs at least one string";
    for (const auto& e : v.items) vals.push_back(&e);
  } else {
    vals.push_back(&v);
  }
  for (const Value* e : vals) {
    if (e->kind != Value::Kind::String) return what + " takes strings only, not " + kind_name(*e);
    if (wildcard) {
      if (auto err = check_wildcard(e->text); !err.empty()) return err;
    }
  }
  return "";
}

std::string check_anything_but(const Value& v) {
  if (v.is_object()) {
    std::string op = internal::operator_name(v);
    if (op.empty()) return "anything-but takes one of prefix, suffix, equals-ignore-case or wildcard";
    const Value& arg = v.fields.front().second;
    if (op == "prefix" || op == "suffix") {
      if (arg.kind != Value::Kind::String) return "anything-but " + op + " must be a string";
      if (arg.text.empty()) return "anything-but " + op + " must not be empty";
      return "";
    }
    if (op == "equals-ignore-case") return check_string_or_list(arg, "anything-but equals-ignore-case", false);
    if (op == "wildcard") return check_string_or_list(arg, "anything-but wildcard", true);
    return "unsupported anything-but pattern: " + op;
  }
  if (v.kind == Value::Kind::String) return "";
  if (v.kind == Value::Kind::Number) return check_number(v, "anything-but");
  if (v.is_array()) {
    bool strings = false, numbers = false;
    for (const auto& e : v.items) {
      if (e.kind == Value::Kind::String) {
        strings = true;
      } else if (e.kind == Value::Kind::Number) {
        numbers = true;
        if (auto err = check_number(e, "anything-but"); !err.empty()) return err;
      } else {
        return "inside an anything-but list, " + kind_name(e) + " is not supported";
      }
    }
    if (strings == numbers) {
      return "inside an anything-but list, values must be all strings or all numbers (and at least one)";
    }
    return "";
  }
  return "the value of anything-but must be a string, a number, an array of them, or an object";
}

std::string check_operator(const Value& m) {
  if (m.fields.empty()) return "match expression name not found: an operator object needs one key";
  if (m.fields.size() > 1) return "only one key is allowed in a match expression";
  const auto& [op, arg] = m.fields.front();
  if (op == "prefix" || op == "suffix") {
    if (arg.kind == Value::Kind::String) return "";
    if (internal::operator_name(arg) == "equals-ignore-case") {
      if (arg.fields.front().second.kind != Value::Kind::String) return op + " equals-ignore-case must be a string";
      return "";
    }
    return op + " match pattern must be a string or {\"equals-ignore-case\": \"...\"}";
  }
  if (op == "equals-ignore-case") {
    return arg.kind == Value::Kind::String ? "" : "equals-ignore-case match pattern must be a string";
  }
  if (op == "wildcard") {
    if (arg.kind != Value::Kind::String) return "wildcard match pattern must be a string";
    return check_wildcard(arg.text);
  }
  if (op == "exists") {
    return arg.kind == Value::Kind::Bool ? "" : "exists match pattern must be either true or false";
  }
  if (op == "numeric") return check_numeric(arg);
  if (op == "anything-but") return check_anything_but(arg);
  if (op == "cidr") {
    if (arg.kind != Value::Kind::String) return "cidr match pattern must be a string";
    std::string err;
    return parse_cidr(arg.text, err) ? "" : err;
  }
  return "unrecognized match type \"" + op + "\"";
}

std::string check_leaf(const Value& arr, const std::string& path) {
  if (arr.items.empty()) return path + ": empty arrays are not allowed";
  for (const auto& m : arr.items) {
    if (m.is_array()) return path + ": match value must be a string, number, true, false, null or an operator object";
    if (m.is_object()) {
      if (auto e = check_operator(m); !e.empty()) return path + ": " + e;
    }
  }
  return "";
}

std::string check_object(const Value& obj, const std::string& path, bool in_or) {
  if (obj.fields.empty()) return (path.empty() ? "pattern" : path) + ": empty objects are not allowed";
  for (const auto& [key, v] : obj.fields) {
    std::string here = join(path, key);
    if (key == internal::kOr) {
      if (!v.is_array()) return here + ": $or must be followed by an array of patterns";
      if (v.items.size() < 2) return here + ": $or needs at least 2 patterns";
      for (const auto& branch : v.items) {
        if (!branch.is_object()) return here + ": only objects are allowed in a $or array";
        if (auto e = check_object(branch, path, true); !e.empty()) return e;
      }
      continue;
    }
    if (in_or && operators().count(key)) {
      return here + ": \"" + key + "\" is a reserved operator name and cannot be a field inside $or";
    }
    if (v.is_object()) {
      if (auto e = check_object(v, here, in_or); !e.empty()) return e;
    } else if (v.is_array()) {
      if (auto e = check_leaf(v, here); !e.empty()) return e;
    } else {
      return here + ": must be an object or an array (write [" + v.json_text() + "] to match that value)";
    }
  }
  return "";
}

}  // namespace

std::string validate_pattern(const Value& pattern) {
  if (!pattern.is_object()) return "the pattern must be a JSON object";
  return check_object(pattern, "", false);
}

std::string validate_pattern(const nlohmann::json& pattern) { return validate_pattern(from_json(pattern)); }

}  // namespace slipway::match
