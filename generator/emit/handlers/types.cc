#include "emit/handlers/types.h"

#include "derive/naming.h"

namespace slipway::emit::handlers {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string schema_text(const model::Type& t, bool optional) {
  return (optional ? "optional " : "") + model::type_name(t);
}

std::string enum_list(const model::Type& t) {
  std::string out;
  for (const auto& v : t.enum_values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

}  // namespace

std::string singular_type_name(const std::string& field) {
  std::string name = derive::cpp_type_name(field);
  if (ends_with(name, "ies")) return name.substr(0, name.size() - 3) + "y";
  for (const char* es : {"sses", "shes", "ches", "xes"}) {
    if (ends_with(name, es)) return name.substr(0, name.size() - 2);
  }
  if (ends_with(name, "s") && !ends_with(name, "ss") && !ends_with(name, "us")) return name.substr(0, name.size() - 1);
  return name + "Item";
}

std::string TypeTable::unique(std::string name) {
  while (names_.count(name)) name += "_";
  names_.insert(name);
  return name;
}

std::string TypeTable::cpp_type(const model::Type& t, const std::string& owner, const std::string& field) {
  switch (t.kind) {
    case model::TypeKind::String: return "std::string";
    case model::TypeKind::Integer: return "std::int64_t";
    case model::TypeKind::Number: return "double";
    case model::TypeKind::Boolean: return "bool";
    case model::TypeKind::Timestamp: return "slipway::Timestamp";
    case model::TypeKind::Enum: {
      CppDecl d;
      d.is_enum = true;
      d.name = unique(owner + derive::cpp_type_name(field));
      d.comment = "\"" + field + "\": one of " + enum_list(t);
      std::set<std::string> used;
      for (const auto& v : t.enum_values) {
        std::string e = derive::cpp_enum_value_name(v);
        while (used.count(e)) e += "_";
        used.insert(e);
        d.enum_values.push_back(v);
        d.enumerators.push_back(e);
      }
      decls_.push_back(d);
      return d.name;
    }
    case model::TypeKind::Array: {
      std::string element = t.element ? cpp_type(*t.element, owner, singular_type_name(field)) : "nlohmann::json";
      return "std::vector<" + element + ">";
    }
    case model::TypeKind::Object: return add_struct(t, owner + derive::cpp_type_name(field), "\"" + field + "\"");
  }
  return "nlohmann::json";
}

std::string TypeTable::add_struct(const model::Type& object, const std::string& name, const std::string& comment) {
  std::string cpp_name = unique(name);
  std::vector<CppField> fields;
  std::set<std::string> members;
  for (const auto& f : object.fields) {
    CppField cf;
    cf.key = f.name;
    cf.member = derive::cpp_member_name(f.name);
    while (members.count(cf.member) || cf.member == cpp_name) cf.member += "_";
    members.insert(cf.member);
    std::string type = f.type ? cpp_type(*f.type, cpp_name, f.name) : "nlohmann::json";
    cf.cpp_type = f.optional ? "std::optional<" + type + ">" : type;
    cf.schema = f.type ? schema_text(*f.type, f.optional) : "any";
    fields.push_back(std::move(cf));
  }
  CppDecl d;
  d.name = cpp_name;
  d.comment = comment;
  d.fields = std::move(fields);
  decls_.push_back(std::move(d));
  return cpp_name;
}

std::string TypeTable::add_plain_struct(const std::string& name, const std::string& comment,
                                        std::vector<CppField> fields) {
  CppDecl d;
  d.name = unique(name);
  d.comment = comment;
  std::set<std::string> members;
  for (auto& f : fields) {
    while (members.count(f.member) || f.member == d.name) f.member += "_";
    members.insert(f.member);
  }
  d.fields = std::move(fields);
  decls_.push_back(d);
  return d.name;
}

model::Json sample_value(const model::Type& t, const std::string& key) {
  switch (t.kind) {
    case model::TypeKind::String: return key + "-1";
    case model::TypeKind::Integer: return 1;
    case model::TypeKind::Number: return 1.5;
    case model::TypeKind::Boolean: return true;
    case model::TypeKind::Timestamp: return "2024-01-01T00:00:00Z";
    case model::TypeKind::Enum: return t.enum_values.empty() ? model::Json("") : model::Json(t.enum_values.front());
    case model::TypeKind::Array: {
      model::Json a = model::Json::array();
      if (t.element) a.push_back(sample_value(*t.element, key));
      return a;
    }
    case model::TypeKind::Object: {
      model::Json o = model::Json::object();
      for (const auto& f : t.fields) {
        if (f.type) o[f.name] = sample_value(*f.type, f.name);
      }
      return o;
    }
  }
  return nullptr;
}

namespace {

// Breaks the first scalar under `t` (the value `v` at `path`).
bool break_value(const model::Type& t, model::Json& v, const std::string& path, std::string& out_path,
                 std::string& expected) {
  switch (t.kind) {
    case model::TypeKind::Object:
      for (const auto& f : t.fields) {
        if (!f.type || !v.contains(f.name)) continue;
        if (break_value(*f.type, v[f.name], path.empty() ? f.name : path + "." + f.name, out_path, expected)) {
          return true;
        }
      }
      return false;
    case model::TypeKind::Array:
      return t.element && !v.empty() && break_value(*t.element, v[0], path + "[0]", out_path, expected);
    case model::TypeKind::String:
      expected = "expected string, got integer";
      v = 42;
      break;
    case model::TypeKind::Timestamp:
      expected = "expected timestamp (an RFC 3339 string), got integer";
      v = 42;
      break;
    case model::TypeKind::Enum:
      expected = "expected one of " + enum_list(t) + ", got integer";
      v = 42;
      break;
    case model::TypeKind::Integer:
      expected = "expected integer, got string";
      v = "not-a-number";
      break;
    case model::TypeKind::Number:
      expected = "expected number, got string";
      v = "not-a-number";
      break;
    case model::TypeKind::Boolean:
      expected = "expected boolean, got string";
      v = "not-a-boolean";
      break;
  }
  out_path = path;
  return true;
}

}  // namespace

bool break_sample(const model::Type& t, model::Json& sample, const std::string& prefix, std::string& path,
                  std::string& expected) {
  return break_value(t, sample, prefix, path, expected);
}

std::string cpp_escape(const std::string& s) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      out += "\"\"";  // ends the hex escape before the next character
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace slipway::emit::handlers
