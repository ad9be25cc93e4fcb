#include <algorithm>

#include "lower/condition.h"
#include "lower/internal.h"

namespace slipway::lower {

namespace {

const std::vector<std::string>& step_kinds() {
  static const std::vector<std::string> k = {"invoke", "parallel", "map", "choice", "wait", "pass", "succeed", "fail",
                                             "emit", "publish", "send", "dynamodb", "start", "goto", "asl"};
  return k;
}

std::optional<std::string> path_value(MapReader& r, const std::string& key) {
  auto v = r.str(key);
  if (v && v->rfind("$", 0) != 0) {
    r.diags().error("bad-path", r.get(key)->span, r.field(key) + " must be a path starting with '$', not '" + *v + "'");
    return std::nullopt;
  }
  return v;
}

struct StepLowerer {
  base::Diagnostics& d;

  // `input` is read here only for steps whose input is a path; invoke and start read their own (a path
  // or a mapping of values).
  void common(MapReader& r, model::Step& s, bool task_like) {
    if (s.kind != model::StepKind::Invoke && s.kind != model::StepKind::Start) {
      if (auto v = path_value(r, "input")) s.input_path = *v;
    }
    if (const Node* res = r.get("result"); res && res->is_null()) {
      s.result_path = "null";  // `result: null` discards the step's result
    } else if (auto v = path_value(r, "result")) {
      s.result_path = *v;
    }
    if (auto v = path_value(r, "output")) s.output_path = *v;
    if (task_like) {
      if (auto v = r.duration("timeout")) {
        if (*v < 1 || *v > 31536000) d.error("out-of-range", r.get("timeout")->span, r.field("timeout") + " must be between 1s and 1 year");
        else s.timeout_seconds = static_cast<int>(*v);
      }
      if (auto v = r.duration("heartbeat")) {
        if (*v < 1) d.error("out-of-range", r.get("heartbeat")->span, r.field("heartbeat") + " must be at least 1s");
        else s.heartbeat_seconds = static_cast<int>(*v);
      }
      if (const Node* rt = r.get("retry")) {
        s.retry = lower_retries(*rt, r.field("retry"), d);
        s.retry_given = true;
      }
      if (const Node* c = r.get("catch")) s.catches = lower_catches(*c, r.field("catch"), d);
    }
  }

  // Reads the payload of a step whose body is an object of values/paths (input, detail, message, body).
  model::Json payload(const Node* n) { return n ? to_json(*n) : model::Json(); }

  std::vector<model::Step> list(const Node& n, const std::string& what) {
    std::vector<model::Step> out;
    if (!n.is_sequence()) {
      wrong_type(n, what, "a list of steps (each '- name: body')", d);
      return out;
    }
    for (const auto& item : n.items) {
      if (!item->is_mapping() || item->entries.size() != 1) {
        d.error("bad-step", item->span, what + ": each step is one '- name: body' entry, not " + describe(*item))
            .fix = "write e.g. '- charge: charge_card'";
        continue;
      }
      const spec::Entry& e = item->entries[0];
      if (auto s = step(e.key, *e.value, what)) out.push_back(std::move(*s));
    }
    return out;
  }

  std::optional<model::Step> step(const spec::Key& key, const Node& body, const std::string& scope) {
    model::Step s;
    s.name = key.value;
    s.span = key.span;
    if (s.name.empty() || s.name.size() > 80) {
      d.error("invalid-name", key.span, "step name must be 1 to 80 characters");
    }
    std::string what = "step " + q(s.name);
    (void)scope;
    if (body.is_scalar()) {
      s.kind = model::StepKind::Invoke;
      s.target = body.value;
      return s;
    }
    if (!body.is_mapping()) {
      wrong_type(body, what, "a handler name or a mapping such as { invoke: handler }", d);
      return std::nullopt;
    }
    MapReader r(body, what, d);
    std::string kind;
    for (const auto& k : step_kinds()) {
      if (r.has(k)) {
        if (!kind.empty()) {
          d.error("bad-step", body.span, what + " has both '" + kind + "' and '" + k + "'; a step does one thing");
          r.allow({"invoke", "parallel", "map", "choice", "wait", "pass", "succeed", "fail", "emit", "publish", "send", "dynamodb", "start", "goto", "asl"});
          r.finish();
          return std::nullopt;
        }
        kind = k;
      }
    }
    if (kind.empty()) {
      std::string keys;
      for (const auto& e : body.entries) keys += (keys.empty() ? "" : ", ") + e.key.value;
      auto& diag = d.error("bad-step", body.span, what + " does not say what it does (it has " + keys + ")");
      diag.fix = "add one of: invoke, parallel, map, choice, wait, pass, succeed, fail, emit, publish, send, dynamodb, start, goto, asl";
      if (!body.entries.empty()) {
        std::string guess = base::closest_match(body.entries[0].key.value, step_kinds());
        if (!guess.empty()) diag.fix = "did you mean '" + guess + "'?";
      }
      return std::nullopt;
    }
    const Node& v = *r.get(kind);
    if (kind == "invoke") {
      s.kind = model::StepKind::Invoke;
      if (auto t = as_string(v, what + ": 'invoke'", d)) s.target = *t;
      if (const Node* in = r.get("input")) {
        if (in->is_mapping()) {
          s.payload = to_json(*in);
        } else if (auto p = as_string(*in, what + ": 'input'", d)) {
          if (p->rfind("$", 0) != 0) d.error("bad-path", in->span, what + ": 'input' must be a path or a mapping");
          else s.input_path = *p;
        }
      }
      common(r, s, true);
    } else if (kind == "parallel") {
      s.kind = model::StepKind::Parallel;
      if (!v.is_sequence() || v.items.empty()) {
        wrong_type(v, what + ": 'parallel'", "a list of branches, each a list of steps", d);
      } else {
        for (const auto& br : v.items) s.branches.push_back(list(*br, what + " branch"));
      }
      common(r, s, true);
    } else if (kind == "map") {
      s.kind = model::StepKind::Map;
      MapReader mr(v, what + ": 'map'", d);
      if (auto p = path_value(mr, "items")) s.items_path = *p;
      else if (mr.ok()) d.error("missing-key", v.span, what + ": 'map' needs 'items: $.path'");
      if (auto c = mr.integer("concurrency", 0, 10000)) s.max_concurrency = static_cast<int>(*c);
      if (const Node* sel = mr.get("item_selector")) s.payload = to_json(*sel);
      if (const Node* st = mr.get("steps")) s.iterator = list(*st, what + " map steps");
      else if (mr.ok()) d.error("missing-key", v.span, what + ": 'map' needs 'steps'");
      mr.finish();
      common(r, s, true);
    } else if (kind == "choice") {
      s.kind = model::StepKind::Choice;
      if (!v.is_sequence() || v.items.empty()) {
        wrong_type(v, what + ": 'choice'", "a list of { if: COND, then: [steps] } and an optional { else: [steps] }", d);
      } else {
        for (const auto& br : v.items) {
          MapReader cr(*br, what + " choice", d);
          if (cr.has("else")) {
            if (s.otherwise) d.error("bad-step", br->span, what + " has more than one 'else'");
            s.otherwise = list(*cr.get("else"), what + " else");
            cr.finish();
            if (br != v.items.back()) d.error("bad-step", br->span, what + ": 'else' must be the last branch");
            continue;
          }
          model::ChoiceBranch cb;
          cb.span = br->span;
          const Node* cond = cr.get("if");
          const Node* then = cr.get("then");
          if (cr.ok() && (!cond || !then)) {
            d.error("missing-key", br->span, what + ": a choice branch needs 'if' and 'then' (or is a lone 'else')");
          }
          if (cond) {
            if (!cond->is_scalar()) {
              wrong_type(*cond, what + ": 'if'", "a condition such as $.total > 100", d);
            } else {
              base::Span at = cond->span;
              if (!cond->plain) at.col += 1;  // skip the opening quote
              if (auto c = parse_condition(cond->value, at, d)) cb.condition = *c;
            }
          }
          if (then) cb.steps = list(*then, what + " then");
          cr.finish();
          s.choices.push_back(std::move(cb));
        }
      }
      common(r, s, false);
    } else if (kind == "wait") {
      s.kind = model::StepKind::Wait;
      if (v.is_mapping()) {
        MapReader wr(v, what + ": 'wait'", d);
        if (auto p = path_value(wr, "until")) s.wait_until_path = *p;
        if (auto sec = wr.duration("seconds")) s.wait_seconds = static_cast<int>(*sec);
        if (wr.ok() && !wr.has("until") && !wr.has("seconds")) d.error("missing-key", v.span, what + ": 'wait' needs a duration or 'until: $.path'");
        wr.finish();
      } else if (auto sec = as_duration(v, what + ": 'wait'", d)) {
        if (*sec > 31536000) d.error("out-of-range", v.span, what + ": a wait may be at most one year");
        else s.wait_seconds = static_cast<int>(*sec);
      }
      common(r, s, false);
    } else if (kind == "pass") {
      s.kind = model::StepKind::Pass;
      MapReader pr(v, what + ": 'pass'", d);
      if (const Node* res = pr.get("result")) s.payload = to_json(*res);
      if (auto p = path_value(pr, "into")) s.result_path = *p;
      pr.finish();
      common(r, s, false);
    } else if (kind == "succeed") {
      s.kind = model::StepKind::Succeed;
      if (!v.is_null() && !(v.is_mapping() && v.entries.empty())) wrong_type(v, what + ": 'succeed'", "{}", d);
      common(r, s, false);
    } else if (kind == "fail") {
      s.kind = model::StepKind::Fail;
      MapReader fr(v, what + ": 'fail'", d);
      if (auto e = fr.str("error")) s.error = *e;
      if (auto c = fr.str("cause")) s.cause = *c;
      fr.finish();
    } else if (kind == "emit" || kind == "publish" || kind == "send") {
      s.kind = kind == "emit" ? model::StepKind::Emit : kind == "publish" ? model::StepKind::Publish : model::StepKind::Send;
      if (auto t = as_string(v, what + ": '" + kind + "'", d)) s.target = *t;
      const char* body_key = kind == "emit" ? "detail" : kind == "publish" ? "message" : "body";
      s.payload = payload(r.get(body_key));
      common(r, s, true);
    } else if (kind == "dynamodb") {
      s.kind = model::StepKind::DynamoDb;
      MapReader dr(v, what + ": 'dynamodb'", d);
      int ops = 0;
      for (const char* op : {"get", "put", "update", "delete"}) {
        if (auto t = dr.str(op)) {
          s.dynamodb_op = op;
          s.target = *t;
          ++ops;
        }
      }
      if (dr.ok() && ops != 1) d.error("bad-step", v.span, what + ": 'dynamodb' takes exactly one of get, put, update or delete: TABLE");
      if (const Node* k = dr.get("key")) s.key = to_json(*k);
      if (const Node* it = dr.get("item")) s.item = to_json(*it);
      if (auto u = dr.str("expression")) s.update_expression = *u;
      if (const Node* vals = dr.get("values")) s.expression_values = to_json(*vals);
      if (dr.ok() && ops == 1) {
        if (s.dynamodb_op == "put" && s.item.is_null()) d.error("missing-key", v.span, what + ": a DynamoDB put needs 'item'");
        if (s.dynamodb_op != "put" && s.key.is_null()) d.error("missing-key", v.span, what + ": a DynamoDB " + s.dynamodb_op + " needs 'key'");
        if (s.dynamodb_op == "update" && s.update_expression.empty()) d.error("missing-key", v.span, what + ": a DynamoDB update needs 'expression' (e.g. SET #s = :s)");
      }
      dr.finish();
      common(r, s, true);
    } else if (kind == "start") {
      s.kind = model::StepKind::Start;
      if (auto t = as_string(v, what + ": 'start'", d)) s.target = *t;
      if (auto sy = r.boolean("sync")) s.sync = *sy;
      if (const Node* in = r.get("input")) {
        if (in->is_mapping()) s.payload = to_json(*in);
        else if (auto p = as_string(*in, what + ": 'input'", d)) s.input_path = *p;
      }
      common(r, s, true);
    } else if (kind == "goto") {
      s.kind = model::StepKind::Goto;
      if (auto t = as_string(v, what + ": 'goto'", d)) s.target = *t;
    } else if (kind == "asl") {
      s.kind = model::StepKind::Raw;
      if (!v.is_mapping()) wrong_type(v, what + ": 'asl'", "a mapping holding one ASL state", d);
      s.raw = to_json(v);
      if (s.raw.is_object() && !s.raw.contains("Type")) d.error("bad-step", v.span, what + ": an 'asl' state needs a 'Type'");
    }
    if (const Node* c = r.get("comment")) (void)c;
    r.finish();
    return s;
  }
};

}  // namespace

std::vector<model::Step> lower_steps(const Node& n, const std::string& what, base::Diagnostics& d) {
  StepLowerer l{d};
  return l.list(n, what);
}

std::vector<model::StepRetry> lower_retries(const Node& n, const std::string& what, base::Diagnostics& d) {
  std::vector<model::StepRetry> out;
  std::vector<const Node*> items;
  if (n.is_sequence()) {
    for (const auto& i : n.items) items.push_back(i.get());
  } else {
    items.push_back(&n);
  }
  for (const Node* i : items) {
    MapReader r(*i, what, d);
    if (!r.ok() || i->is_null()) continue;
    model::StepRetry rt;
    rt.span = i->span;
    rt.errors = {"States.ALL"};
    if (auto v = r.strings("errors")) rt.errors = *v;
    if (auto v = r.integer("attempts", 0, 99999999)) rt.attempts = static_cast<int>(*v);
    if (const Node* iv = r.get("interval")) {
      if (auto sec = as_duration(*iv, what + ": 'interval'", d)) {
        if (*sec < 1) d.error("out-of-range", iv->span, what + ": 'interval' must be at least 1s");
        else rt.interval_seconds = static_cast<double>(*sec);
      }
    }
    if (const Node* b = r.get("backoff")) {
      if (auto v = as_number(*b, what + ": 'backoff'", d)) {
        if (*v < 1) d.error("out-of-range", b->span, what + ": 'backoff' must be at least 1");
        else rt.backoff = *v;
      }
    }
    if (auto v = r.duration("max_delay")) rt.max_delay_seconds = static_cast<int>(*v);
    if (auto v = r.boolean("jitter")) rt.jitter = *v;
    r.finish();
    out.push_back(std::move(rt));
  }
  return out;
}

std::vector<model::StepCatch> lower_catches(const Node& n, const std::string& what, base::Diagnostics& d) {
  std::vector<model::StepCatch> out;
  if (!n.is_sequence()) {
    wrong_type(n, what, "a list of { errors, result, steps | goto }", d);
    return out;
  }
  for (const auto& i : n.items) {
    MapReader r(*i, what, d);
    if (!r.ok()) continue;
    model::StepCatch c;
    c.span = i->span;
    c.errors = {"States.ALL"};
    if (auto v = r.strings("errors")) c.errors = *v;
    if (auto v = path_value(r, "result")) c.result_path = *v;
    const Node* steps = r.get("steps");
    auto go = r.str("goto");
    if (steps && go) d.error("bad-step", i->span, what + ": a catch has either 'steps' or 'goto', not both");
    if (steps) c.steps = lower_steps(*steps, what + " steps", d);
    if (go) c.goto_step = *go;
    if (!steps && !go) d.error("missing-key", i->span, what + ": a catch needs 'steps' or 'goto'");
    r.finish();
    out.push_back(std::move(c));
  }
  return out;
}

WorkflowSettings read_workflow_settings(MapReader& r) {
  WorkflowSettings s;
  if (auto v = r.str("type")) {
    if (*v == "standard" || *v == "express") s.type = *v == "standard" ? "STANDARD" : "EXPRESS";
    else r.diags().error("bad-value", r.get("type")->span, r.field("type") + " must be standard or express");
  }
  if (const Node* lg = r.get("logging")) {
    MapReader lr(*lg, r.what() + " logging", r.diags());
    if (auto v = lr.str("level")) {
      static const std::vector<std::string> kLevels = {"all", "error", "fatal", "off"};
      if (std::find(kLevels.begin(), kLevels.end(), *v) == kLevels.end()) {
        r.diags().error("bad-value", lr.get("level")->span, "logging 'level' must be all, error, fatal or off").fix = base::did_you_mean(*v, kLevels);
      } else {
        std::string up = *v;
        std::transform(up.begin(), up.end(), up.begin(), ::toupper);
        s.log_level = up;
      }
    }
    if (auto v = lr.integer("retention_days", 1, 3653)) s.log_retention_days = *v;
    lr.finish();
  }
  s.tracing = r.boolean("tracing");
  return s;
}

void apply(model::Workflow& w, const WorkflowSettings& s) {
  if (s.type) w.type = *s.type;
  if (s.log_level) {
    w.log_level = *s.log_level;
    w.logging = *s.log_level != "OFF";
  }
  if (s.log_retention_days) w.log_retention_days = static_cast<int>(*s.log_retention_days);
  if (s.tracing) w.tracing = *s.tracing;
}

void lower_workflows(const Node& n, model::System& sys, std::map<std::string, WorkflowSettings>& own,
                     base::Diagnostics& d) {
  for_each_named(n, "workflow", d, [&](const spec::Key& key, const Node& value) {
    model::Workflow w;
    w.name = key.value;
    w.span = key.span;
    std::string what = "workflow " + q(w.name);
    MapReader r(value, what, d);
    own[w.name] = read_workflow_settings(r);
    if (auto v = r.str("description")) w.description = *v;
    if (auto v = r.str("input")) {
      w.input_event = *v;
      w.input_span = r.get("input")->span;
    }
    if (auto v = r.duration("timeout")) {
      if (*v < 1 || *v > 31536000) d.error("out-of-range", r.get("timeout")->span, what + ": 'timeout' must be between 1s and 1 year");
      else w.timeout_seconds = static_cast<int>(*v);
    }
    if (const Node* st = r.get("steps")) {
      w.steps = lower_steps(*st, what + ": 'steps'", d);
      if (st->is_sequence() && st->items.empty()) d.error("bad-step", st->span, what + " has no steps");
    } else if (r.ok()) {
      d.error("missing-key", key.span, what + " has no 'steps'");
    }
    if (const Node* c = r.get("catch")) w.catches = lower_catches(*c, what + ": 'catch'", d);
    if (const Node* rt = r.get("retry")) w.retry = lower_retries(*rt, what + ": 'retry'", d);
    r.finish();
    sys.workflows.push_back(std::move(w));
  });
}

}  // namespace slipway::lower
