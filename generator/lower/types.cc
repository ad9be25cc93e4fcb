#include <algorithm>

#include "lower/internal.h"

namespace slipway::lower {

namespace {

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

model::TypePtr lower_type(const Node& n, const std::string& what, base::Diagnostics& d);

model::TypePtr scalar_type(const Node& n, const std::string& text_in, const std::string& what,
                           base::Diagnostics& d) {
  std::string text = trim(text_in);
  auto t = std::make_shared<model::Type>();
  t->span = n.span;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, "[]") == 0) {
    auto elem = scalar_type(n, text.substr(0, text.size() - 2), what, d);
    if (!elem) return nullptr;
    t->kind = model::TypeKind::Array;
    t->element = elem;
    return t;
  }
  static const std::vector<std::pair<std::string, model::TypeKind>> kScalars = {
      {"string", model::TypeKind::String},   {"integer", model::TypeKind::Integer},
      {"number", model::TypeKind::Number},   {"boolean", model::TypeKind::Boolean},
      {"timestamp", model::TypeKind::Timestamp}};
  for (const auto& [name, kind] : kScalars) {
    if (text == name) {
      t->kind = kind;
      return t;
    }
  }
  if (text.rfind("enum(", 0) == 0 && text.back() == ')') {
    t->kind = model::TypeKind::Enum;
    std::string body = text.substr(5, text.size() - 6);
    std::size_t start = 0;
    while (start <= body.size()) {
      std::size_t comma = body.find(',', start);
      std::string v = trim(body.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (v.empty()) {
        d.error("bad-type", n.span, what + ": an enum value is empty in '" + text + "'");
        return nullptr;
      }
      if (std::find(t->enum_values.begin(), t->enum_values.end(), v) != t->enum_values.end()) {
        d.error("bad-type", n.span, what + ": enum value '" + v + "' is listed twice");
        return nullptr;
      }
      t->enum_values.push_back(v);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return t;
  }
  if (text.rfind("enum(", 0) == 0 && text.find(')') == std::string::npos) {
    d.error("bad-type", n.span, what + ": '" + text + "' is cut short; inside { } the comma splits it")
        .fix = "quote the enum: \"enum(a, b)\"";
    return nullptr;
  }
  std::vector<std::string> names = {"string", "integer", "number", "boolean", "timestamp"};
  auto& diag = d.error("bad-type", n.span,
                       what + " has unknown type '" + text +
                           "'; types are string, integer, number, boolean, timestamp, enum(a, b), T[] or a "
                           "nested mapping");
  diag.fix = base::did_you_mean(text, names);
  return nullptr;
}

model::TypePtr lower_type(const Node& n, const std::string& what, base::Diagnostics& d) {
  if (n.is_scalar()) return scalar_type(n, n.value, what, d);
  if (n.is_mapping()) return lower_object_type(n, what, d);
  if (n.is_sequence()) {
    if (n.items.size() == 1 && n.items[0]->is_mapping()) {
      auto elem = lower_object_type(*n.items[0], what + "[]", d);
      if (!elem) return nullptr;
      auto t = std::make_shared<model::Type>();
      t->kind = model::TypeKind::Array;
      t->element = elem;
      t->span = n.span;
      return t;
    }
    d.error("bad-type", n.span,
            what + ": a list in a schema must hold exactly one mapping (an array of objects); for an array of "
                   "scalars write 'string[]'");
    return nullptr;
  }
  d.error("bad-type", n.span, what + " has no type").fix = "write a type such as 'string'";
  return nullptr;
}

}  // namespace

model::TypePtr lower_object_type(const Node& n, const std::string& what, base::Diagnostics& d) {
  auto t = std::make_shared<model::Type>();
  t->kind = model::TypeKind::Object;
  t->span = n.span;
  if (n.is_null()) return t;
  if (!n.is_mapping()) {
    wrong_type(n, what, "a mapping of field names to types", d);
    return nullptr;
  }
  for (const auto& e : n.entries) {
    model::Field f;
    f.name = e.key.value;
    f.span = e.key.span;
    if (!f.name.empty() && f.name.back() == '?') {
      f.optional = true;
      f.name.pop_back();
    }
    if (f.name.empty() || f.name.find_first_of(".$[] ") != std::string::npos) {
      d.error("invalid-name", e.key.span, what + ": field name '" + e.key.value + "' may not contain '.', '$', '[', ']' or spaces");
      continue;
    }
    if (std::any_of(t->fields.begin(), t->fields.end(),
                                         [&](const model::Field& o) { return o.name == f.name; })) {
      d.error("duplicate-name", e.key.span, what + ": field '" + f.name + "' is declared twice");
      continue;
    }
    f.type = lower_type(*e.value, what + "." + f.name, d);
    if (!f.type) continue;
    t->fields.push_back(std::move(f));
  }
  sort_named(t->fields);
  return t;
}

}  // namespace slipway::lower
