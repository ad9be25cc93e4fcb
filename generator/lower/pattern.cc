#include <algorithm>
#include <optional>
#include <set>

#include "lower/internal.h"

namespace slipway::lower {

namespace {

const std::set<std::string>& operator_keys() {
  static const std::set<std::string> k = {"prefix", "suffix",   "wildcard", "anything-but", "exists",
                                          "equals-ignore-case", "cidr", "<", "<=", ">", ">=", "="};
  return k;
}
bool is_numeric_op(const std::string& k) { return k == "<" || k == "<=" || k == ">" || k == ">=" || k == "="; }

bool stringish(const model::Type* t) {
  return !t || t->kind == model::TypeKind::String || t->kind == model::TypeKind::Enum ||
         t->kind == model::TypeKind::Timestamp;
}
bool numeric(const model::Type* t) {
  return !t || t->kind == model::TypeKind::Integer || t->kind == model::TypeKind::Number;
}

// The type a matcher applies to: arrays match element-wise in EventBridge.
const model::Type* matched_type(const model::Type* t) {
  while (t && t->kind == model::TypeKind::Array) t = t->element.get();
  return t;
}

struct PatternLowerer {
  base::Diagnostics& d;

  // A literal for a field of type `t`: strings stay strings, numbers must be numbers, and so on.
  std::optional<model::Json> literal(const Node& n, const model::Type* t, const std::string& field) {
    if (n.is_null()) return model::Json(nullptr);
    if (!n.is_scalar()) {
      wrong_type(n, "a value matched against '" + field + "'", "a scalar", d);
      return std::nullopt;
    }
    if (!t) return scalar_json(n);
    switch (t->kind) {
      case model::TypeKind::String:
      case model::TypeKind::Timestamp: return model::Json(n.value);
      case model::TypeKind::Enum: {
        if (std::find(t->enum_values.begin(), t->enum_values.end(), n.value) == t->enum_values.end()) {
          auto& diag = d.error("match-value", n.span,
                               "'" + n.value + "' is not a value of '" + field + "', which is " + model::type_name(*t));
          diag.fix = base::did_you_mean(n.value, t->enum_values);
          return std::nullopt;
        }
        return model::Json(n.value);
      }
      case model::TypeKind::Integer:
      case model::TypeKind::Number: {
        model::Json j = scalar_json(n);
        if (!j.is_number()) {
          d.error("match-type", n.span, "'" + field + "' is " + model::type_name(*t) + ", so it cannot equal the string '" + n.value + "'");
          return std::nullopt;
        }
        return j;
      }
      case model::TypeKind::Boolean: {
        model::Json j = scalar_json(n);
        if (!j.is_boolean()) {
          d.error("match-type", n.span, "'" + field + "' is boolean; match it with true or false, not '" + n.value + "'");
          return std::nullopt;
        }
        return j;
      }
      case model::TypeKind::Object:
      case model::TypeKind::Array:
        d.error("match-type", n.span, "'" + field + "' is an object; match its fields instead of a value");
        return std::nullopt;
    }
    return std::nullopt;
  }

  bool require(bool ok, const spec::Key& at, const std::string& op, const std::string& field, const model::Type* t,
               const std::string& needs) {
    if (ok) return true;
    d.error("match-operator", at.span,
            "'" + op + "' does not fit '" + field + "', which is " + (t ? model::type_name(*t) : "?") + "; '" + op +
                "' needs " + needs);
    return false;
  }

  // An operator mapping, e.g. { prefix: x } or { ">": 0, "<=": 10 }. Appends matchers to `out`.
  void operators(const Node& n, const model::Type* t, const std::string& field, model::Json& out) {
    // Numeric comparisons combine into one range: at most one lower bound (> >=), at most one upper
    // bound (< <=), or a lone '='. EventBridge wants the lower bound first.
    std::optional<std::pair<std::string, model::Json>> lower, upper, equal;
    const spec::Key* numeric_at = nullptr;
    std::size_t non_numeric = 0;
    for (const auto& e : n.entries) {
      const std::string& op = e.key.value;
      const Node& v = *e.value;
      if (is_numeric_op(op)) {
        if (!require(numeric(t), e.key, op, field, t, "a number or integer field")) continue;
        model::Json num = scalar_json(v);
        if (!v.is_scalar() || !num.is_number()) {
          wrong_type(v, "'" + op + "' of '" + field + "'", "a number", d);
          continue;
        }
        auto& slot = (op == ">" || op == ">=") ? lower : (op == "<" || op == "<=") ? upper : equal;
        if (slot) {
          d.error("match-operator", e.key.span,
                  "'" + field + "' has two " + (op == "=" ? "'=' comparisons" : (&slot == &lower ? "lower bounds" : "upper bounds")) +
                      "; a range has at most one of each");
          continue;
        }
        slot = std::make_pair(op, num);
        numeric_at = &e.key;
        continue;
      }
      ++non_numeric;
      if (op == "prefix" || op == "suffix" || op == "equals-ignore-case" || op == "wildcard") {
        if (!require(stringish(t), e.key, op, field, t, "a string field")) continue;
        if (v.is_mapping() && (op == "prefix" || op == "suffix") && v.get("equals-ignore-case") &&
            v.entries.size() == 1) {
          out.push_back({{op, {{"equals-ignore-case", v.get("equals-ignore-case")->value}}}});
          continue;
        }
        if (!v.is_scalar()) {
          wrong_type(v, "'" + op + "' of '" + field + "'", "a string", d);
          continue;
        }
        out.push_back({{op, v.value}});
      } else if (op == "exists") {
        auto b = as_bool(v, "'exists' of '" + field + "'", d);
        if (b) out.push_back({{"exists", *b}});
      } else if (op == "cidr") {
        if (!require(stringish(t), e.key, op, field, t, "a string field holding an IP address")) continue;
        if (!v.is_scalar() || v.value.find('/') == std::string::npos) {
          d.error("match-value", v.span, "'cidr' of '" + field + "' must be a CIDR block such as 10.0.0.0/24");
          continue;
        }
        out.push_back({{"cidr", v.value}});
      } else if (op == "anything-but") {
        model::Json ab;
        if (v.is_sequence()) {
          ab = model::Json::array();
          for (const auto& item : v.items) {
            if (auto l = literal(*item, t, field)) ab.push_back(*l);
          }
        } else if (v.is_mapping()) {
          ab = model::Json::object();
          for (const auto& inner : v.entries) {
            const std::string& k = inner.key.value;
            if (k != "prefix" && k != "suffix" && k != "equals-ignore-case" && k != "wildcard") {
              d.error("match-operator", inner.key.span,
                      "'anything-but' takes a value, a list, or one of prefix, suffix, equals-ignore-case, wildcard; not '" + k + "'");
              continue;
            }
            require(stringish(t), inner.key, "anything-but " + k, field, t, "a string field");
            ab[k] = inner.value->is_sequence() ? to_json(*inner.value) : model::Json(inner.value->value);
          }
        } else if (auto l = literal(v, t, field)) {
          ab = *l;
        }
        out.push_back({{"anything-but", ab}});
      }
    }
    if (numeric_at) {
      if (equal && (lower || upper)) {
        d.error("match-operator", numeric_at->span, "'" + field + "' combines '=' with a range; write one or the other");
      } else if (lower && upper && lower->second.get<double>() >= upper->second.get<double>()) {
        d.error("match-operator", numeric_at->span,
                "the range of '" + field + "' is empty: its lower bound is not below its upper bound");
      } else {
        model::Json range = model::Json::array();
        for (const auto* part : {&equal, &lower, &upper}) {
          if (*part) {
            range.push_back((*part)->first);
            range.push_back((*part)->second);
          }
        }
        out.push_back({{"numeric", range}});
      }
    }
    if (non_numeric > 1) {
      d.error("match-operator", n.span,
              "several operators in one mapping for '" + field +
                  "' would each match on their own (any of them); write them as a list to say so")
          .fix = "write '" + field.substr(field.rfind('.') + 1) + ": [ {prefix: a}, {suffix: b} ]'";
    }
  }

  model::Json matchers(const Node& v, const model::Type* t, const std::string& field) {
    model::Json out = model::Json::array();
    const model::Type* et = matched_type(t);
    auto one = [&](const Node& item) {
      if (item.is_mapping()) {
        operators(item, et, field, out);
      } else if (auto l = literal(item, et, field)) {
        out.push_back(*l);
      }
    };
    if (v.is_sequence()) {
      if (v.items.empty()) d.error("match-value", v.span, "an empty list for '" + field + "' matches nothing");
      for (const auto& item : v.items) one(*item);
    } else {
      one(v);
    }
    return out;
  }

  bool is_operator_mapping(const Node& v) {
    if (!v.is_mapping() || v.entries.empty()) return false;
    return std::all_of(v.entries.begin(), v.entries.end(),
                       [](const spec::Entry& e) { return operator_keys().count(e.key.value) > 0; });
  }

  model::Json object(const Node& n, const model::Type* schema, const std::string& prefix) {
    model::Json out = model::Json::object();
    if (!n.is_mapping()) {
      wrong_type(n, "'match' at '" + prefix + "'", "a mapping of fields to values", d);
      return out;
    }
    for (const auto& e : n.entries) {
      const std::string& key = e.key.value;
      const Node& v = *e.value;
      if (key == "any_of") {
        if (!v.is_sequence()) {
          wrong_type(v, "'any_of'", "a list of two or more mappings", d);
          continue;
        }
        if (v.items.size() < 2) {
          d.error("match-value", v.span, "'any_of' needs two or more alternatives; with one, write its fields directly");
          continue;
        }
        model::Json alts = model::Json::array();
        for (const auto& alt : v.items) alts.push_back(object(*alt, schema, prefix));
        out["$or"] = alts;
        continue;
      }
      std::string field = prefix.empty() ? key : prefix + "." + key;
      const model::Type* ft = nullptr;
      if (schema) {
        const model::Field* f = nullptr;
        for (const auto& cand : schema->fields) {
          if (cand.name == key) f = &cand;
        }
        if (!f) {
          std::vector<std::string> names;
          for (const auto& cand : schema->fields) names.push_back(cand.name);
          auto& diag = d.error("match-field", e.key.span, "the event has no field '" + field + "'");
          diag.fix = base::did_you_mean(key, names);
          continue;
        }
        ft = f->type.get();
      }
      if (v.is_mapping() && !is_operator_mapping(v)) {
        ft = matched_type(ft);  // a list of objects is matched field by field, element-wise
        if (ft && ft->kind != model::TypeKind::Object) {
          d.error("match-type", v.span, "'" + field + "' is " + model::type_name(*ft) + ", not an object; match it with a value, a list or an operator");
          continue;
        }
        out[key] = object(v, ft, field);
        continue;
      }
      if (matched_type(ft) && matched_type(ft)->kind == model::TypeKind::Object) {
        d.error("match-type", v.span, "'" + field + "' is an object; match its fields, e.g. '" + key + ": { field: value }'");
        continue;
      }
      out[key] = matchers(v, ft, field);
    }
    return out;
  }
};

}  // namespace

model::Json lower_pattern(const Node& n, const model::Type* schema, const std::string& prefix,
                          base::Diagnostics& d) {
  PatternLowerer p{d};
  return p.object(n, schema, prefix);
}

void check_event_path(const std::string& path, const model::Type* detail, const base::Span& span,
                      base::Diagnostics& d) {
  if (path == "$") return;
  if (path.rfind("$.", 0) != 0) {
    d.error("bad-path", span, "'" + path + "' is not a path; paths start with '$.'");
    return;
  }
  std::vector<std::string> segs;
  std::string cur;
  for (std::size_t i = 2; i < path.size(); ++i) {
    char c = path[i];
    if (c == '.') {
      segs.push_back(cur);
      cur.clear();
    } else if (c == '[') {
      auto close = path.find(']', i);
      if (close == std::string::npos) {
        d.error("bad-path", span, "'" + path + "' has an unclosed '['");
        return;
      }
      segs.push_back(cur + "[]");
      cur.clear();
      i = close;
      if (i + 1 < path.size() && path[i + 1] == '.') ++i;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) segs.push_back(cur);
  static const std::vector<std::string> kEnvelope = {"version", "id",     "detail-type", "source", "account",
                                                     "time",    "region", "resources",   "detail"};
  if (segs.empty()) return;
  std::string top = segs[0];
  bool indexed = top.size() > 2 && top.compare(top.size() - 2, 2, "[]") == 0;
  if (indexed) top.resize(top.size() - 2);
  if (std::find(kEnvelope.begin(), kEnvelope.end(), top) == kEnvelope.end()) {
    auto& diag = d.error("unknown-path", span, "'" + path + "': an event has no field '" + top + "'");
    diag.fix = base::did_you_mean(top, kEnvelope);
    return;
  }
  if (top != "detail" || !detail) return;
  const model::Type* t = detail;
  std::string walked = "$.detail";
  for (std::size_t i = 1; i < segs.size(); ++i) {
    std::string s = segs[i];
    bool idx = s.size() > 2 && s.compare(s.size() - 2, 2, "[]") == 0;
    if (idx) s.resize(s.size() - 2);
    if (!t || t->kind != model::TypeKind::Object) {
      d.error("unknown-path", span, "'" + path + "': '" + walked + "' is " + (t ? model::type_name(*t) : "?") + " and has no field '" + s + "'");
      return;
    }
    const model::Field* f = nullptr;
    for (const auto& cand : t->fields) {
      if (cand.name == s) f = &cand;
    }
    if (!f) {
      std::vector<std::string> names;
      for (const auto& cand : t->fields) names.push_back(cand.name);
      auto& diag = d.error("unknown-path", span, "'" + path + "': '" + walked + "' has no field '" + s + "'");
      diag.fix = base::did_you_mean(s, names);
      return;
    }
    walked += "." + s;
    t = f->type.get();
    if (idx) {
      if (t->kind != model::TypeKind::Array) {
        d.error("unknown-path", span, "'" + path + "': '" + walked + "' is " + model::type_name(*t) + ", not a list");
        return;
      }
      t = t->element.get();
    }
  }
}

model::InputShape lower_input_shape(const Node& n, const model::Type* detail, const std::string& what,
                                    base::Diagnostics& d) {
  model::InputShape s;
  s.span = n.span;
  if (n.is_scalar() && n.value.rfind("$", 0) == 0) {
    s.path = n.value;
    check_event_path(n.value, detail, n.span, d);
    return s;
  }
  if (!n.is_mapping()) {
    wrong_type(n, what, "a path such as $.detail or a mapping of keys to paths and constants", d);
    return s;
  }
  // Check every path in the shape.
  std::vector<const Node*> stack = {&n};
  while (!stack.empty()) {
    const Node* cur = stack.back();
    stack.pop_back();
    if (cur->is_scalar() && cur->value.rfind("$.", 0) == 0) {
      check_event_path(cur->value, detail, cur->span, d);
    } else if (cur->is_scalar() && cur->value == "$") {
      continue;
    }
    for (const auto& e : cur->entries) stack.push_back(e.value.get());
    for (const auto& item : cur->items) stack.push_back(item.get());
  }
  s.shape = to_json(n);
  return s;
}

}  // namespace slipway::lower
