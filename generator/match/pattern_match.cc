// Matching a valid pattern against an event.
#include <algorithm>

#include "match/internal.h"
#include "match/pattern.h"
#include "match/text.h"

namespace slipway::match {

namespace {

using internal::join;

// The leaf values at a field: a scalar, or the scalars of an array (nested arrays flattened). Objects are
// not leaves.
void leaves(const Value* v, std::vector<const Value*>& out) {
  if (!v) return;
  if (v->is_array()) {
    for (const auto& e : v->items) leaves(&e, out);
  } else if (v->is_scalar()) {
    out.push_back(v);
  }
}

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0 && s.size() >= p.size(); }
bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

bool is_string(const Value& v) { return v.kind == Value::Kind::String; }

bool numeric_equal(const Value& a, const Value& b) {
  if (a.kind != Value::Kind::Number || b.kind != Value::Kind::Number) return false;
  auto x = internal::comparable(a.number), y = internal::comparable(b.number);
  return x && y && *x == *y;
}

bool affix(const Value& arg, const Value& v, bool prefix) {
  if (!is_string(v)) return false;
  if (arg.is_object()) {  // {"equals-ignore-case": "..."}
    std::string a = fold_case(arg.fields.front().second.text), s = fold_case(v.text);
    return prefix ? starts_with(s, a) : ends_with(s, a);
  }
  return prefix ? starts_with(v.text, arg.text) : ends_with(v.text, arg.text);
}

std::vector<const Value*> as_list(const Value& v) {
  std::vector<const Value*> out;
  if (v.is_array()) {
    for (const auto& e : v.items) out.push_back(&e);
  } else {
    out.push_back(&v);
  }
  return out;
}

// Whether anything-but's argument names `v` (so anything-but fails on it).
bool excluded(const Value& arg, const Value& v) {
  if (arg.is_object()) {
    const auto& [op, a] = arg.fields.front();
    if (op == "prefix") return affix(a, v, true);
    if (op == "suffix") return affix(a, v, false);
    if (!is_string(v)) return false;
    for (const Value* e : as_list(a)) {
      if (op == "equals-ignore-case" && fold_case(e->text) == fold_case(v.text)) return true;
      if (op == "wildcard" && wildcard_matches(e->text, v.text)) return true;
    }
    return false;
  }
  for (const Value* e : as_list(arg)) {
    if (is_string(*e) ? (is_string(v) && e->text == v.text) : numeric_equal(*e, v)) return true;
  }
  return false;
}

bool in_range(const Value& arg, const Value& v) {
  if (v.kind != Value::Kind::Number) return false;
  auto x = internal::comparable(v.number);
  if (!x) return false;
  const auto& a = arg.items;
  for (std::size_t i = 0; i + 1 < a.size(); i += 2) {
    auto bound = *internal::comparable(a[i + 1].number);
    const std::string& op = a[i].text;
    bool ok = op == "=" ? *x == bound : op == "<" ? *x < bound : op == "<=" ? *x <= bound : op == ">" ? *x > bound
                                                                                                  : *x >= bound;
    if (!ok) return false;
  }
  return true;
}

// One matcher of a field's array against one leaf value. Exists is handled by the caller.
bool matches(const Value& m, const Value& v) {
  if (!m.is_object()) return m.kind == v.kind && m.json_text() == v.json_text();
  const auto& [op, arg] = m.fields.front();
  if (op == "prefix") return affix(arg, v, true);
  if (op == "suffix") return affix(arg, v, false);
  if (op == "equals-ignore-case") return is_string(v) && fold_case(arg.text) == fold_case(v.text);
  if (op == "wildcard") return is_string(v) && wildcard_matches(arg.text, v.text);
  if (op == "anything-but") return !excluded(arg, v);
  if (op == "numeric") return in_range(arg, v);
  if (op == "cidr") {
    std::string err;
    auto c = parse_cidr(arg.text, err);
    auto ip = is_string(v) ? parse_ip(v.text) : std::nullopt;
    return c && ip && c->contains(*ip);
  }
  return false;
}

std::string describe(const Value* v) {
  if (!v) return "the field is missing";
  if (v->is_object()) return "the value is an object, not a leaf value";
  if (v->is_array() && v->items.empty()) return "the value is an empty array";
  std::string s = v->is_scalar() ? v->json_text() : to_json(*v).dump();
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return "the value " + s;
}

std::string pattern_text(const Value& arr) {
  std::string s = to_json(arr).dump();
  // Numbers are shown as written in the pattern.
  return s.size() > 120 ? s.substr(0, 117) + "..." : s;
}

MatchResult leaf(const Value& arr, const Value* field, const std::string& path) {
  std::vector<const Value*> vals;
  leaves(field, vals);
  for (const auto& m : arr.items) {
    if (internal::operator_name(m) == "exists") {
      bool want = m.fields.front().second.boolean;
      if (want != vals.empty()) return {true, ""};
      continue;
    }
    for (const Value* v : vals) {
      if (matches(m, *v)) return {true, ""};
    }
  }
  return {false, path + ": " + describe(field) + " does not match " + pattern_text(arr)};
}

MatchResult object(const Value& pattern, const Value* event, const std::string& path);

// A nested pattern object against an event value that may be an array of objects: any one element
// must match the whole sub-pattern (fields from different elements never combine).
MatchResult nested(const Value& pattern, const Value* event, const std::string& path) {
  if (event && event->is_array() && !event->items.empty()) {
    MatchResult first;
    for (const auto& e : event->items) {
      MatchResult r = nested(pattern, &e, path);
      if (r.matched) return r;
      if (first.reason.empty()) first = r;
    }
    return {false, first.reason + " (in every element of " + (path.empty() ? "the event" : path) + ")"};
  }
  if (event && event->is_array()) return object(pattern, nullptr, path);
  return object(pattern, event && event->is_object() ? event : nullptr, path);
}

MatchResult object(const Value& pattern, const Value* event, const std::string& path) {
  // Leaves first, then nested objects, then $or: the reason names the simplest field that failed.
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& [key, sub] : pattern.fields) {
      bool is_or = key == internal::kOr;
      int want = is_or ? 2 : sub.is_array() ? 0 : 1;
      if (want != pass) continue;
      if (is_or) {
        std::string reasons;
        bool any = false;
        for (const auto& branch : sub.items) {
          MatchResult r = object(branch, event, path);
          if (r.matched) {
            any = true;
            break;
          }
          reasons += (reasons.empty() ? "" : "; ") + r.reason;
        }
        if (!any) return {false, "no $or branch matched: " + reasons};
        continue;
      }
      const Value* field = event ? event->find(key) : nullptr;
      std::string here = join(path, key);
      MatchResult r = sub.is_array() ? leaf(sub, field, here) : nested(sub, field, here);
      if (!r.matched) return r;
    }
  }
  return {true, ""};
}

}  // namespace

MatchResult match_event(const Value& pattern, const Value& event) {
  if (!event.is_object()) return {false, "the event is not a JSON object"};
  return object(pattern, &event, "");
}

MatchResult match_event(const nlohmann::json& pattern, const nlohmann::json& event) {
  return match_event(from_json(pattern), from_json(event));
}

}  // namespace slipway::match
