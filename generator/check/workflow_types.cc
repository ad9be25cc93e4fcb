// Typed workflow input: while the state is still the workflow's input (the detail of `input: Event`), the
// paths that steps read must exist in the event's schema and conditions must compare fitting types.
// Mirrors the ASL backend's notion of when a step replaces the state (emit/asl/definition.cc).
#include <algorithm>
#include <regex>

#include "check/workflow_internal.h"

namespace slipway::check {

namespace {

using model::Step;
using model::StepKind;
using model::Type;
using model::TypeKind;
using Op = model::Condition::Op;

struct Shape {
  const Type* input = nullptr;
  std::set<std::string> added;  // top-level fields that steps added with `result: $.x`
};

bool yields_value(const Step& s) {
  switch (s.kind) {
    case StepKind::Invoke:
    case StepKind::Parallel:
    case StepKind::Map: return true;
    case StepKind::DynamoDb: return s.dynamodb_op == "get";
    case StepKind::Start: return s.sync;
    default: return false;
  }
}

std::string root_of(const std::string& path) {
  if (path.size() < 3 || path.compare(0, 2, "$.") != 0) return "";
  const std::size_t end = path.find_first_of(".[", 2);
  return path.substr(2, end == std::string::npos ? std::string::npos : end - 2);
}

void update_shape(const Step& s, Shape& shape) {
  const std::string& r = s.result_path;
  bool keeps = s.output_path.empty();
  switch (s.kind) {
    case StepKind::Choice:
    case StepKind::Wait:
    case StepKind::Succeed:
    case StepKind::Fail:
    case StepKind::Goto: break;
    case StepKind::Raw: keeps = false; break;
    case StepKind::Pass: keeps = keeps && (s.payload.is_null() || (r.size() > 2 && r != "null") || r == "null"); break;
    default:
      if (r.empty()) keeps = keeps && !yields_value(s);
      else keeps = keeps && r != "$";
  }
  if (!keeps) {
    shape.input = nullptr;
  } else if (!root_of(r).empty()) {
    shape.added.insert(root_of(r));
  }
}

class Types {
 public:
  Types(const model::System& sys, const model::Workflow& w, base::Diagnostics& diags) : w_(w), diags_(diags) {
    event_ = sys.event(w.input_event);
  }

  void run() {
    if (!event_ || !event_->detail) return;
    Shape shape{event_->detail.get(), {}};
    list(w_.steps, shape);
  }

 private:
  void list(const std::vector<Step>& steps, Shape& shape) {
    for (const auto& s : steps) step(s, shape);
  }

  void step(const Step& s, Shape& shape) {
    if (shape.input) {
      if (!s.input_path.empty()) path(s.input_path, s.span, shape, s);
      if (!s.items_path.empty()) path(s.items_path, s.span, shape, s);
      if (!s.wait_until_path.empty()) path(s.wait_until_path, s.span, shape, s);
      if (s.input_path.empty() && s.kind != StepKind::Raw) {
        for (const model::Json* j : {&s.payload, &s.key, &s.item, &s.expression_values}) json(*j, s, shape);
      }
    }
    if (s.kind == StepKind::Choice) {
      Shape after = shape;
      for (const auto& b : s.choices) {
        if (shape.input) condition(b.condition, s, shape);
        Shape inner = shape;
        list(b.steps, inner);
        merge(after, inner);
      }
      if (s.otherwise) {
        Shape inner = shape;
        list(*s.otherwise, inner);
        merge(after, inner);
      }
      shape = after;
    }
    if (s.kind == StepKind::Parallel) {
      for (const auto& b : s.branches) {
        Shape inner = s.input_path.empty() ? shape : Shape{};
        list(b, inner);
      }
    }
    for (const auto& c : s.catches) {
      Shape inner = !root_of(c.result_path).empty() ? shape : Shape{};
      if (inner.input) inner.added.insert(root_of(c.result_path));
      list(c.steps, inner);
    }
    update_shape(s, shape);
  }

  static void merge(Shape& into, const Shape& branch) {
    if (!branch.input) into.input = nullptr;
    into.added.insert(branch.added.begin(), branch.added.end());
  }

  void json(const model::Json& j, const Step& s, const Shape& shape) {
    if (!j.is_object()) {
      if (j.is_string()) value(j.get<std::string>(), s, shape);
      return;
    }
    for (const auto& [k, v] : j.items()) {
      if (k.size() > 2 && k.compare(k.size() - 2, 2, ".$") == 0 && v.is_string()) value(v.get<std::string>(), s, shape);
      else if (v.is_object()) json(v, s, shape);
    }
  }

  // A path, or an intrinsic function whose arguments may be paths.
  void value(const std::string& v, const Step& s, const Shape& shape) {
    if (v.compare(0, 2, "$.") == 0) {
      path(v, s.span, shape, s);
      return;
    }
    if (v.compare(0, 7, "States.") != 0) return;
    static const std::regex kPath(R"((^|[^$\w])(\$\.[A-Za-z0-9_.\[\]-]*))");
    for (auto it = std::sregex_iterator(v.begin(), v.end(), kPath); it != std::sregex_iterator(); ++it) {
      path((*it)[2], s.span, shape, s);
    }
  }

  // The declared type at `p`, reporting fields the input does not have; nullptr when unknown.
  const Type* path(const std::string& p, base::Span span, const Shape& shape, const Step& s) {
    if (!shape.input || p.compare(0, 2, "$.") != 0) return nullptr;
    if (shape.added.count(root_of(p))) return nullptr;
    const Type* t = shape.input;
    std::string where = "the input";
    std::size_t i = 1;
    while (i < p.size()) {
      if (p[i] == '[') {
        const std::size_t end = p.find(']', i);
        if (end == std::string::npos || t->kind != TypeKind::Array || !t->element) return nullptr;
        const std::string index = p.substr(i + 1, end - i - 1);
        if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos) return nullptr;
        t = t->element.get();
        where += "[" + index + "]";
        i = end + 1;
        continue;
      }
      if (p[i] != '.') return nullptr;
      std::size_t end = i + 1;
      while (end < p.size() && p[end] != '.' && p[end] != '[') ++end;
      const std::string name = p.substr(i + 1, end - i - 1);
      if (t->kind == TypeKind::Array) return nullptr;  // $.items.sku and friends: left to the run time
      if (t->kind != TypeKind::Object) {
        diags_.error("unknown-input-path", span,
                     "'" + p + "' reads field '" + name + "' of " + where + ", which is " + article(*t) + " (step '" +
                         s.name + "')");
        return nullptr;
      }
      const model::Field* f = t->field(name);
      if (!f) {
        std::vector<std::string> fields;
        for (const auto& fl : t->fields) fields.push_back(fl.name);
        auto& d = diags_.error("unknown-input-path", span,
                               "'" + p + "' is not in the input of workflow '" + w_.name + "': " +
                                   (where == "the input" ? "event '" + event_->name + "'" : where) +
                                   " has no field '" + name + "' (step '" + s.name + "')");
        d.fix = base::did_you_mean(name, fields);
        return nullptr;
      }
      t = f->type.get();
      where = "'" + p.substr(0, end) + "'";
      i = end;
      if (!t) return nullptr;
    }
    return t;
  }

  static std::string article(const Type& t) {
    const std::string n = model::type_name(t);
    const bool vowel = !n.empty() && std::string("aeiou").find(n[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + n;
  }

  void condition(const model::Condition& c, const Step& s, const Shape& shape) {
    for (const auto& child : c.children) condition(child, s, shape);
    if (c.op == Op::And || c.op == Op::Or || c.op == Op::Not) return;
    const base::Span span = c.span.known() ? c.span : s.span;
    const Type* lt = c.lhs.is_path ? path(c.lhs.path, c.lhs.span.known() ? c.lhs.span : span, shape, s) : nullptr;
    if (c.op == Op::IsPresent || c.op == Op::IsNull || c.op == Op::IsString || c.op == Op::IsNumeric ||
        c.op == Op::IsBoolean || c.op == Op::IsTimestamp) {
      return;
    }
    const Type* rt = c.rhs.is_path ? path(c.rhs.path, c.rhs.span.known() ? c.rhs.span : span, shape, s) : nullptr;
    if (c.op == Op::Matches) {
      if (lt && !stringish(*lt)) type_error(span, "'" + c.lhs.path + "' is " + article(*lt) + "; 'matches' applies to strings");
      return;
    }
    const model::Operand& p = c.lhs.is_path ? c.lhs : c.rhs;
    const model::Operand& o = c.lhs.is_path ? c.rhs : c.lhs;
    const Type* pt = c.lhs.is_path ? lt : rt;
    const bool ordering = c.op != Op::Eq && c.op != Op::Ne;
    if (o.is_path) {
      const Type* ot = c.lhs.is_path ? rt : lt;
      if (pt && ot && family(*pt) != family(*ot)) {
        type_error(span, "'" + p.path + "' is " + article(*pt) + " and '" + o.path + "' is " + article(*ot) +
                             "; they cannot be compared");
      } else if ((pt && !family(*pt)) || (ot && !family(*ot))) {
        type_error(span, "'" + (pt && !family(*pt) ? p.path : o.path) + "' is " + article(pt && !family(*pt) ? *pt : *ot) +
                             "; conditions compare single values");
      } else if (pt && ordering && family(*pt) == 'b') {
        type_error(span, "'" + p.path + "' is a boolean; only == and != apply to it");
      }
      return;
    }
    const model::Json& lit = o.literal;
    if (ordering && (lit.is_boolean() || lit.is_null())) {
      type_error(span, "'" + op_text(c.op) + "' cannot compare with " + lit.dump() + "; only == and != can");
      return;
    }
    if (!pt || lit.is_null()) return;
    const char fam = family(*pt);
    const char want = lit.is_string() ? 's' : lit.is_number() ? 'n' : 'b';
    if (!fam) {
      type_error(span, "'" + p.path + "' is " + article(*pt) + "; conditions compare single values");
    } else if (fam == 't' && want == 's') {
      static const std::regex kTimestamp(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
      if (!std::regex_match(lit.get<std::string>(), kTimestamp)) {
        type_error(span, "'" + p.path + "' is a timestamp, but " + lit.dump() +
                             " is not an RFC 3339 timestamp such as \"2024-01-31T12:00:00Z\"");
      }
    } else if (fam != want) {
      type_error(span, "'" + p.path + "' is " + article(*pt) + " and cannot be compared with " +
                           (want == 's' ? "the string " : want == 'n' ? "the number " : "") + lit.dump());
    } else if (fam == 'b' && ordering) {
      type_error(span, "'" + p.path + "' is a boolean; only == and != apply to it");
    } else if (pt->kind == TypeKind::Enum && !ordering) {
      const std::string v = lit.get<std::string>();
      const auto& vals = pt->enum_values;
      if (std::find(vals.begin(), vals.end(), v) == vals.end()) {
        type_error(span, "\"" + v + "\" is not a value of '" + p.path + "', which is " + model::type_name(*pt))
            .fix = base::did_you_mean(v, vals);
      }
    }
  }

  // 's' string, 'n' number, 'b' boolean, 't' timestamp; 0 for arrays and objects.
  static char family(const Type& t) {
    switch (t.kind) {
      case TypeKind::String:
      case TypeKind::Enum: return 's';
      case TypeKind::Integer:
      case TypeKind::Number: return 'n';
      case TypeKind::Boolean: return 'b';
      case TypeKind::Timestamp: return 't';
      default: return 0;
    }
  }
  static bool stringish(const Type& t) { return family(t) == 's' || family(t) == 't'; }

  static std::string op_text(Op op) {
    switch (op) {
      case Op::Lt: return "<";
      case Op::Le: return "<=";
      case Op::Gt: return ">";
      default: return ">=";
    }
  }

  base::Diagnostic& type_error(base::Span span, std::string message) {
    return diags_.error("condition-type", span, std::move(message));
  }

  const model::Workflow& w_;
  base::Diagnostics& diags_;
  const model::Event* event_ = nullptr;
};

}  // namespace

void check_workflow_types(const model::System& system, const model::Workflow& workflow, base::Diagnostics& diags) {
  Types(system, workflow, diags).run();
}

}  // namespace slipway::check
