// slipway graph SPEC [--format mermaid|dot]: the event flow of a spec.
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "emit/graph/flow.h"

namespace slipway::cli {

void setup_graph(CLI::App& sub, Io& io, int& exit_code) {
  struct Opts {
    std::string spec, env, format = "mermaid";
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("spec", o->spec, "The spec file")->required();
  sub.add_option("--format", o->format, "mermaid or dot")->check(CLI::IsMember({"mermaid", "dot"}));
  sub.add_option("--env", o->env, "Environment (default: the first)");
  sub.callback([o, &io, &exit_code] {
    Compiled c = compile(o->spec, io.reader, o->env);
    if (!c.ok()) {
      print_diagnostics(c, "text", io.err);
      exit_code = kFailed;
      return;
    }
    const model::System& s = c.program.systems.front();
    auto flow = emit::graph::build_flow(s);
    io.out << (o->format == "dot" ? emit::graph::to_dot(flow, s.name) : emit::graph::to_mermaid(flow));
    exit_code = kOk;
  });
}

}  // namespace slipway::cli
