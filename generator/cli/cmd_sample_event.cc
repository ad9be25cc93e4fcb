// slipway sample-event SPEC EVENT_NAME: a valid sample EventBridge event for a declared event type.
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "derive/sample_event.h"

namespace slipway::cli {

void setup_sample_event(CLI::App& sub, Io& io, int& exit_code) {
  struct Opts {
    std::string spec, event, env;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("spec", o->spec, "The spec file")->required();
  sub.add_option("event", o->event, "A declared event's name")->required();
  sub.add_option("--env", o->env, "Environment (its region goes into the envelope; default: the first)");
  sub.callback([o, &io, &exit_code] {
    Compiled c = compile(o->spec, io.reader, o->env);
    if (!c.ok()) {
      print_diagnostics(c, "text", io.err);
      exit_code = kUsage;
      return;
    }
    const model::System& s = c.program.systems.front();
    const model::Event* e = s.event(o->event);
    if (!e) {
      std::vector<std::string> names;
      for (const auto& ev : s.events) names.push_back(ev.name);
      io.err << o->spec << ": error: the spec declares no event '" << o->event << "' [unknown-event]\n";
      if (auto hint = base::did_you_mean(o->event, names); !hint.empty()) io.err << "  help: " << hint << "\n";
      exit_code = kUsage;
      return;
    }
    io.out << derive::sample_event(s, *e).dump(2) << "\n";
    exit_code = kOk;
  });
}

}  // namespace slipway::cli
