// Conditions -> Choice rules. The comparator follows the literal's type; a string compared with a field
// declared as a timestamp uses the Timestamp comparators; path-to-path comparisons take the type of
// whichever side the typed input declares.
#include "derive/workflow.h"
#include "emit/asl/asl.h"

namespace slipway::emit::asl {

namespace {

using model::Condition;
using Op = Condition::Op;

enum class Family { String, Numeric, Boolean, Timestamp };

const char* suffix(Op op) {
  switch (op) {
    case Op::Eq: return "Equals";
    case Op::Lt: return "LessThan";
    case Op::Le: return "LessThanEquals";
    case Op::Gt: return "GreaterThan";
    case Op::Ge: return "GreaterThanEquals";
    default: return "Equals";
  }
}

const char* prefix(Family f) {
  switch (f) {
    case Family::String: return "String";
    case Family::Numeric: return "Numeric";
    case Family::Boolean: return "Boolean";
    case Family::Timestamp: return "Timestamp";
  }
  return "String";
}

std::optional<Family> family_of(const model::Type* t) {
  if (!t) return std::nullopt;
  switch (t->kind) {
    case model::TypeKind::String:
    case model::TypeKind::Enum: return Family::String;
    case model::TypeKind::Integer:
    case model::TypeKind::Number: return Family::Numeric;
    case model::TypeKind::Boolean: return Family::Boolean;
    case model::TypeKind::Timestamp: return Family::Timestamp;
    default: return std::nullopt;
  }
}

Op flipped(Op op) {
  switch (op) {
    case Op::Lt: return Op::Gt;
    case Op::Le: return Op::Ge;
    case Op::Gt: return Op::Lt;
    case Op::Ge: return Op::Le;
    default: return op;
  }
}

OJson test(const std::string& path, const char* field, bool value) {
  OJson r = OJson::object();
  r["Variable"] = path;
  r[field] = value;
  return r;
}

OJson negate(OJson rule) {
  OJson r = OJson::object();
  r["Not"] = std::move(rule);
  return r;
}

const char* test_field(Op op) {
  switch (op) {
    case Op::IsPresent: return "IsPresent";
    case Op::IsNull: return "IsNull";
    case Op::IsString: return "IsString";
    case Op::IsNumeric: return "IsNumeric";
    case Op::IsBoolean: return "IsBoolean";
    default: return "IsTimestamp";
  }
}

bool is_test(Op op) {
  return op == Op::IsPresent || op == Op::IsNull || op == Op::IsString || op == Op::IsNumeric ||
         op == Op::IsBoolean || op == Op::IsTimestamp;
}

OJson comparison(const Condition& c, const DataShape& shape) {
  model::Operand lhs = c.lhs, rhs = c.rhs;
  Op op = c.op;
  if (!lhs.is_path) {  // 5 < $.x  ->  $.x > 5
    std::swap(lhs, rhs);
    op = flipped(op);
  }
  const bool negated = op == Op::Ne;
  if (negated) op = Op::Eq;
  OJson r = OJson::object();
  r["Variable"] = lhs.path;
  if (rhs.is_path) {
    auto fam = family_of(path_type(shape, lhs.path));
    if (!fam) fam = family_of(path_type(shape, rhs.path));
    if (!fam) fam = op == Op::Eq ? Family::String : Family::Numeric;
    if (*fam == Family::Boolean) op = Op::Eq;
    r[std::string(prefix(*fam)) + suffix(op) + "Path"] = rhs.path;
  } else if (rhs.literal.is_null()) {
    r["IsNull"] = !negated;
    return r;
  } else if (rhs.literal.is_boolean()) {
    r["BooleanEquals"] = rhs.literal.get<bool>();
  } else if (rhs.literal.is_number()) {
    r[std::string("Numeric") + suffix(op)] = rhs.literal.is_number_float() ? number(rhs.literal.get<double>())
                                                                           : OJson(rhs.literal.get<std::int64_t>());
  } else {
    const auto fam = family_of(path_type(shape, lhs.path));
    const Family f = fam == Family::Timestamp ? Family::Timestamp : Family::String;
    r[std::string(prefix(f)) + suffix(op)] = derive::template_text(rhs.literal.get<std::string>());
  }
  return negated ? negate(std::move(r)) : r;
}

}  // namespace

OJson choice_rule(const Condition& c, const DataShape& shape) {
  switch (c.op) {
    case Op::And:
    case Op::Or: {
      OJson list = OJson::array();
      for (const auto& child : c.children) list.push_back(choice_rule(child, shape));
      OJson r = OJson::object();
      r[c.op == Op::And ? "And" : "Or"] = std::move(list);
      return r;
    }
    case Op::Not: {
      const Condition& inner = c.children.at(0);
      if (is_test(inner.op)) return test(inner.lhs.path, test_field(inner.op), false);  // not is_present(p)
      const bool null_rhs = !inner.rhs.is_path && inner.rhs.literal.is_null() && inner.lhs.is_path;
      if (inner.op == Op::Eq && null_rhs) return test(inner.lhs.path, "IsNull", false);  // not ($.x == null)
      if (inner.op == Op::Ne) {  // not (a != b)  ->  a == b
        Condition eq = inner;
        eq.op = Op::Eq;
        return choice_rule(eq, shape);
      }
      return negate(choice_rule(inner, shape));
    }
    case Op::Matches: {
      OJson r = OJson::object();
      r["Variable"] = c.lhs.path;
      r["StringMatches"] = c.rhs.literal.is_string() ? derive::template_text(c.rhs.literal.get<std::string>()) : "";
      return r;
    }
    default:
      if (is_test(c.op)) return test(c.lhs.path, test_field(c.op), true);
      return comparison(c, shape);
  }
}

}  // namespace slipway::emit::asl
