#include <algorithm>
#include <cctype>

#include "lower/internal.h"

namespace slipway::lower {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// One cron field. Returns "" when valid, else what is wrong.
std::string check_cron_field(const std::string& field, int index) {
  static const char* kNames[] = {"minutes", "hours", "day-of-month", "month", "day-of-week", "year"};
  static const int kLo[] = {0, 0, 1, 1, 1, 1970};
  static const int kHi[] = {59, 23, 31, 12, 7, 2199};
  static const std::vector<std::string> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static const std::vector<std::string> kDays = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  std::string name = kNames[index];
  auto value_ok = [&](std::string v) {
    std::transform(v.begin(), v.end(), v.begin(), ::toupper);
    if (index == 3 && std::find(kMonths.begin(), kMonths.end(), v) != kMonths.end()) return true;
    if (index == 4 && std::find(kDays.begin(), kDays.end(), v) != kDays.end()) return true;
    if (!all_digits(v)) return false;
    int n = std::stoi(v);
    return n >= kLo[index] && n <= kHi[index];
  };
  if (field == "?") return (index == 2 || index == 4) ? "" : "'?' is only allowed in day-of-month or day-of-week";
  if (field == "*") return "";
  if ((index == 2 && (field == "L" || field == "LW")) || (index == 4 && field == "L")) return "";
  if (index == 4 && field.size() >= 2 && field.back() == 'L' && value_ok(field.substr(0, field.size() - 1))) return "";
  if (index == 4 && field.find('#') != std::string::npos) {
    auto hash = field.find('#');
    std::string nth = field.substr(hash + 1);
    if (value_ok(field.substr(0, hash)) && all_digits(nth) && std::stoi(nth) >= 1 && std::stoi(nth) <= 5) return "";
    return "'" + field + "' is not a valid nth weekday (e.g. 2#1 for the first Monday)";
  }
  if (index == 2 && field.size() >= 2 && field.back() == 'W' && value_ok(field.substr(0, field.size() - 1))) return "";
  std::size_t start = 0;
  while (true) {
    std::size_t comma = field.find(',', start);
    std::string part = field.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::string base = part, step;
    if (auto slash = part.find('/'); slash != std::string::npos) {
      if (index == 4) return "day-of-week takes no increments ('" + part + "'); list the days instead, e.g. MON,WED,FRI";
      base = part.substr(0, slash);
      step = part.substr(slash + 1);
      if (!all_digits(step) || std::stoi(step) == 0) return "'" + part + "' has an invalid increment";
    }
    bool ok = false;
    if (base == "*") ok = true;
    else if (auto dash = base.find('-'); dash != std::string::npos && dash > 0) {
      ok = value_ok(base.substr(0, dash)) && value_ok(base.substr(dash + 1));
    } else {
      ok = value_ok(base);
    }
    if (!ok) {
      return "'" + part + "' is not a valid " + name + " value (" + std::to_string(kLo[index]) + "-" +
             std::to_string(kHi[index]) + (index == 3 ? " or JAN-DEC" : index == 4 ? " or SUN-SAT" : "") + ")";
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return "";
}
}  // namespace

bool check_schedule_expression(const Node& n, bool allow_at, const std::string& what, base::Diagnostics& d) {
  if (!n.is_scalar()) {
    wrong_type(n, what, "rate(...) or cron(...)", d);
    return false;
  }
  const std::string& s = n.value;
  auto fail = [&](const std::string& msg, const std::string& fix) {
    auto& diag = d.error("bad-schedule", n.span, what + ": " + msg);
    diag.fix = fix;
    return false;
  };
  if (s.rfind("rate(", 0) == 0 && s.back() == ')') {
    std::string body = s.substr(5, s.size() - 6);
    auto sp = body.find(' ');
    if (sp == std::string::npos) return fail("'" + s + "' needs a value and a unit", "write e.g. 'rate(5 minutes)'");
    std::string num = body.substr(0, sp), unit = body.substr(sp + 1);
    if (!all_digits(num) || std::stoi(num) == 0) return fail("the rate value must be a positive whole number", "write e.g. 'rate(5 minutes)'");
    int v = std::stoi(num);
    static const std::vector<std::string> kUnits = {"minute", "minutes", "hour", "hours", "day", "days"};
    if (std::find(kUnits.begin(), kUnits.end(), unit) == kUnits.end()) {
      return fail("unknown rate unit '" + unit + "'; use minute(s), hour(s) or day(s)", base::did_you_mean(unit, kUnits));
    }
    bool plural = unit.back() == 's';
    if (v == 1 && plural) return fail("a rate of 1 takes the singular unit", "write 'rate(1 " + unit.substr(0, unit.size() - 1) + ")'");
    if (v != 1 && !plural) return fail("a rate above 1 takes the plural unit", "write 'rate(" + num + " " + unit + "s)'");
    return true;
  }
  if (s.rfind("cron(", 0) == 0 && s.back() == ')') {
    std::string body = s.substr(5, s.size() - 6);
    std::vector<std::string> fields;
    std::string cur;
    for (char c : body) {
      if (c == ' ') {
        if (!cur.empty()) fields.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) fields.push_back(cur);
    if (fields.size() != 6) {
      return fail("AWS cron expressions have six fields (minutes hours day-of-month month day-of-week year), this one has " +
                      std::to_string(fields.size()),
                  fields.size() == 5 ? "add the year field and use '?' for day-of-month or day-of-week, e.g. 'cron(" + body.substr(0, body.rfind(' ')) + " ? *)'" : "write e.g. 'cron(0 3 * * ? *)'");
    }
    for (int i = 0; i < 6; ++i) {
      std::string err = check_cron_field(fields[static_cast<std::size_t>(i)], i);
      if (!err.empty()) return fail(err, "");
    }
    bool dom_q = fields[2] == "?", dow_q = fields[4] == "?";
    if (dom_q == dow_q) {
      return fail("exactly one of day-of-month and day-of-week must be '?'",
                  dom_q ? "set one of them to '*'" : "write '?' in day-of-week (or day-of-month)");
    }
    return true;
  }
  if (s.rfind("at(", 0) == 0 && s.back() == ')') {
    if (!allow_at) return fail("at(...) is a one-off schedule; rules take rate(...) or cron(...)", "declare it under 'schedules:'");
    std::string t = s.substr(3, s.size() - 4);
    bool ok = t.size() == 19 && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':';
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u}) {
      ok = ok && i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]));
    }
    if (!ok) return fail("at(...) takes a time as yyyy-mm-ddThh:mm:ss", "write e.g. 'at(2027-01-31T09:00:00)'");
    return true;
  }
  return fail("'" + s + "' is not a schedule expression", "write rate(5 minutes) or cron(0 3 * * ? *)");
}

std::optional<model::RetryPolicy> lower_retry_policy(const Node& n, const std::string& what, base::Diagnostics& d) {
  MapReader r(n, what, d);
  if (!r.ok()) return std::nullopt;
  model::RetryPolicy p;
  p.span = n.span;
  if (auto v = r.integer("attempts", 0, 185)) p.attempts = static_cast<int>(*v);
  if (auto v = r.duration("max_age")) {
    if (*v < 60 || *v > 86400) {
      d.error("out-of-range", r.get("max_age")->span, what + ": 'max_age' must be between 1m and 24h");
    } else {
      p.max_age_seconds = static_cast<int>(*v);
    }
  }
  r.finish();
  return p;
}

std::optional<model::Target> lower_target(const Node& n, const model::System& sys, const model::Type* detail,
                                          bool for_schedule, const std::string& what, base::Diagnostics& d) {
  MapReader r(n, what, d);
  if (!r.ok()) return std::nullopt;
  model::Target t;
  t.span = n.span;
  int kinds = 0;
  const std::vector<std::pair<const char*, model::TargetKind>> kKinds = {
      {"handler", model::TargetKind::Handler}, {"workflow", model::TargetKind::Workflow},
      {"queue", model::TargetKind::Queue},     {"topic", model::TargetKind::Topic},
      {"bus", model::TargetKind::Bus},         {"event", model::TargetKind::Event}};
  for (const auto& [key, kind] : kKinds) {
    if (!for_schedule && kind == model::TargetKind::Event) continue;
    if (for_schedule && kind == model::TargetKind::Bus) continue;
    if (auto v = r.str(key)) {
      t.kind = kind;
      t.name = *v;
      t.span = r.get(key)->span;
      ++kinds;
    }
  }
  const spec::Key* wrong_kind = r.key_of(for_schedule ? "bus" : "event");
  r.allow({for_schedule ? "bus" : "event"});
  if (kinds != 1) {
    if (wrong_kind && kinds == 0) {
      d.error("bad-target", wrong_kind->span,
              for_schedule ? what + ": a schedule cannot target a bus; target a handler, workflow, queue, topic or put an event (event: NAME)"
                           : what + ": a rule cannot put an event; target the bus the event should go to (bus: NAME)");
    } else {
      d.error("bad-target", n.span,
              what + (kinds == 0 ? " names no target" : " names more than one target") + "; write exactly one of " +
                  (for_schedule ? "handler, workflow, queue, topic or event" : "handler, workflow, queue, topic or bus"));
    }
    r.allow({"input", "retry", "dlq", "message_group_id", "detail"});
    r.finish();
    return std::nullopt;
  }
  if (wrong_kind) {
    d.error("bad-target", wrong_kind->span, for_schedule ? what + ": a schedule cannot target a bus" : what + ": a rule cannot put an event; use 'bus:'");
  }
  if (const Node* in = r.get("input")) {
    if (for_schedule) {
      t.input.shape = to_json(*in);
      t.input.span = in->span;
    } else {
      t.input = lower_input_shape(*in, detail, what + ": 'input'", d);
    }
  }
  if (t.kind == model::TargetKind::Event) {
    if (const Node* det = r.get("detail")) {
      t.input.shape = to_json(*det);
      t.input.span = det->span;
    }
  }
  if (const Node* rp = r.get("retry")) t.retry = lower_retry_policy(*rp, what + ": 'retry'", d);
  if (auto v = r.str("dlq")) t.dlq = *v;
  if (auto v = r.str("message_group_id")) t.message_group_id = *v;
  (void)sys;
  r.finish();
  return t;
}

void lower_schedules(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "schedule", d, [&](const spec::Key& key, const Node& value) {
    model::Schedule s;
    s.name = key.value;
    s.span = key.span;
    std::string what = "schedule " + q(s.name);
    MapReader r(value, what, d);
    if (const Node* e = r.get("schedule")) {
      if (check_schedule_expression(*e, true, what + ": 'schedule'", d)) {
        s.schedule.expression = e->value;
        s.schedule.span = e->span;
      } else {
        s.schedule.expression = "rate(1 day)";  // keep it a recurring schedule; the error is reported
      }
    }
    if (auto v = r.str("timezone")) {
      s.schedule.timezone = *v;
      if (v->find('/') == std::string::npos && *v != "UTC") {
        d.error("bad-value", r.get("timezone")->span, what + ": 'timezone' must be an IANA time zone such as Europe/Berlin or UTC");
      }
    }
    if (const Node* t = r.get("target")) {
      if (auto tg = lower_target(*t, sys, nullptr, true, what + " target", d)) s.target = *tg;
    } else if (r.ok()) {
      d.error("missing-key", key.span, what + " has no 'target'").fix = "add 'target: { handler: NAME }'";
    }
    if (const Node* en = r.get("enabled")) {
      if (auto tg = lower_toggle(*en, what + ": 'enabled'", d)) s.enabled = *tg;
    }
    if (auto v = r.duration("flexible_window")) {
      if (*v < 60 || *v > 86400) d.error("out-of-range", r.get("flexible_window")->span, what + ": 'flexible_window' must be between 1m and 24h");
      else s.flexible_window_minutes = static_cast<int>(*v / 60);
    }
    if (auto v = r.str("description")) s.description = *v;
    r.finish();
    sys.schedules.push_back(std::move(s));
  });
}

void lower_rules(const Node& n, model::System& sys, base::Diagnostics& d) {
  sys.rules.reserve(sys.rules.size() + n.entries.size());
  for_each_named(n, "rule", d, [&](const spec::Key& key, const Node& value) {
    model::Rule rule;
    rule.name = key.value;
    rule.span = key.span;
    rule.bus = "default";
    std::string what = "rule " + q(rule.name);
    MapReader r(value, what, d);
    const model::Type* detail = nullptr;
    bool event_known = true;
    if (const Node* on = r.get("on")) {
      if (auto v = as_string(*on, what + ": 'on'", d)) {
        rule.event = *v;
        rule.event_span = on->span;
        if (const model::Event* ev = sys.event(*v)) {
          detail = ev->detail.get();
          rule.bus = ev->bus;
        } else {
          event_known = false;  // reported by the reference check
        }
      }
    }
    if (const Node* s = r.get("schedule")) {
      if (!rule.event.empty()) {
        d.error("bad-rule", s->span, what + " has both 'on' and 'schedule'; a rule matches events or runs on a schedule")
            .fix = "split it into two rules";
      } else if (check_schedule_expression(*s, false, what + ": 'schedule'", d)) {
        rule.schedule.expression = s->value;
        rule.schedule.span = s->span;
      }
    }
    if (rule.event.empty() && rule.schedule.expression.empty() && r.ok() && !r.has("schedule")) {
      d.error("bad-rule", key.span, what + " has neither 'on: EVENT' nor 'schedule: ...'");
    }
    if (const Node* m = r.get("match")) {
      rule.match_span = m->span;
      if (rule.event.empty()) {
        d.error("bad-rule", m->span, what + ": 'match' needs 'on: EVENT' to say which event it matches");
      } else if (event_known) {
        rule.pattern = lower_pattern(*m, detail, "", d);
      }
    }
    if (const Node* en = r.get("enabled")) {
      if (auto tg = lower_toggle(*en, what + ": 'enabled'", d)) rule.enabled = *tg;
    }
    if (auto v = r.str("description")) rule.description = *v;
    if (auto v = r.boolean("allow_cycle")) rule.allow_cycle = *v;
    const Node* one = r.get("target");
    const Node* many = r.get("targets");
    if (one && many) {
      d.error("bad-rule", many->span, what + " has both 'target' and 'targets'").fix = "list every target under 'targets'";
    } else if (one) {
      if (auto t = lower_target(*one, sys, event_known ? detail : nullptr, false, what + " target", d)) rule.targets.push_back(*t);
    } else if (many) {
      if (!many->is_sequence()) {
        wrong_type(*many, what + ": 'targets'", "a list of targets", d);
      } else {
        for (const auto& item : many->items) {
          if (auto t = lower_target(*item, sys, event_known ? detail : nullptr, false, what + " target", d)) rule.targets.push_back(*t);
        }
      }
    } else if (r.ok()) {
      d.error("missing-key", key.span, what + " has no 'target'").fix = "add 'target: { handler: NAME }'";
    }
    r.finish();
    sys.rules.push_back(std::move(rule));
  });
}

}  // namespace slipway::lower
