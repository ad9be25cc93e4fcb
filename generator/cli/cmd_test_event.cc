// slipway test-event SPEC EVENT.json: offline, which rules of the spec match an event and what each
// target receives after its input transformer.
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "derive/transform.h"
#include "match/pattern.h"

namespace slipway::cli {

namespace {

const char* kind_name(model::TargetKind k) {
  switch (k) {
    case model::TargetKind::Handler: return "handler";
    case model::TargetKind::Workflow: return "workflow";
    case model::TargetKind::Queue: return "queue";
    case model::TargetKind::Topic: return "topic";
    case model::TargetKind::Bus: return "bus";
    case model::TargetKind::Event: return "event";
  }
  return "";
}

std::string indent(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += pad;
  }
  return out;
}

}  // namespace

// The rule's full EventBridge pattern: source and detail-type of its event, and its `match` under detail.
model::Json rule_pattern(const model::System& s, const model::Rule& r) {
  model::Json p = model::Json::object();
  const model::Event* e = s.event(r.event);
  if (!e) return p;
  p["source"] = model::Json::array({e->source});
  p["detail-type"] = model::Json::array({e->detail_type});
  if (!r.pattern.is_null() && !(r.pattern.is_object() && r.pattern.empty())) p["detail"] = r.pattern;
  return p;
}

void setup_test_event(CLI::App& sub, Io& io, int& exit_code) {
  struct Opts {
    std::string spec, event, env, format = "text";
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("spec", o->spec, "The spec file")->required();
  sub.add_option("event", o->event, "The event (JSON file, as EventBridge delivers it)")->required();
  sub.add_option("--env", o->env, "Environment (default: the first)");
  sub.add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  sub.callback([o, &io, &exit_code] {
    Compiled c = compile(o->spec, io.reader, o->env);
    if (!c.ok()) {
      print_diagnostics(c, "text", io.err);
      exit_code = kUsage;
      return;
    }
    auto text = io.reader.read(o->event);
    if (!text) {
      io.err << o->event << ": error: cannot read the event file [io]\n";
      exit_code = kUsage;
      return;
    }
    std::string error;
    auto event = match::parse_json(*text, error);
    if (!event || !event->is_object()) {
      io.err << o->event << ": error: the event is not a JSON object" << (error.empty() ? "" : ": " + error)
             << " [invalid-json]\n";
      exit_code = kUsage;
      return;
    }
    const model::Json event_json = match::to_json(*event);
    const model::System& s = c.program.systems.front();
    model::Json report = model::Json::array();
    int matched = 0;
    for (const auto& r : s.rules) {
      model::Json entry = {{"rule", r.name}, {"bus", r.bus}};
      if (r.event.empty()) {
        entry["matched"] = false;
        entry["reason"] = "a schedule rule (" + r.schedule.expression + "); events never trigger it";
        report.push_back(entry);
        continue;
      }
      model::Json pattern = rule_pattern(s, r);
      entry["pattern"] = pattern;
      if (std::string invalid = match::validate_pattern(pattern); !invalid.empty()) {
        entry["matched"] = false;
        entry["reason"] = "the rule's pattern is invalid: " + invalid;
        report.push_back(entry);
        continue;
      }
      match::MatchResult m = match::match_event(match::from_json(pattern), *event);
      entry["matched"] = m.matched;
      if (!m.matched) {
        entry["reason"] = m.reason;
      } else {
        ++matched;
        model::Json targets = model::Json::array();
        for (const auto& t : r.targets) {
          targets.push_back({{"kind", kind_name(t.kind)}, {"name", t.name}, {"input", derive::apply_input(t.input, event_json)}});
        }
        entry["targets"] = targets;
      }
      report.push_back(entry);
    }
    if (o->format == "json") {
      io.out << report.dump(2) << "\n";
    } else {
      for (const auto& e : report) {
        io.out << "rule " << e["rule"].get<std::string>() << " (bus " << e["bus"].get<std::string>() << "): ";
        if (!e["matched"].get<bool>()) {
          io.out << "no match: " << e["reason"].get<std::string>() << "\n";
          continue;
        }
        io.out << "match\n";
        for (const auto& t : e["targets"]) {
          io.out << "  -> " << t["kind"].get<std::string>() << " " << t["name"].get<std::string>() << " receives:\n"
                 << indent(t["input"].dump(2), "     ") << "\n";
        }
      }
      io.out << matched << " of " << s.rules.size() << " rule(s) match\n";
    }
    exit_code = matched > 0 ? kOk : kFailed;
  });
}

}  // namespace slipway::cli
