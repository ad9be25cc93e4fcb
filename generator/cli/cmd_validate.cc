#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/pipeline.h"

namespace slipway::cli {

void setup_validate(CLI::App& sub, Io& io, int& exit_code) {
  struct Opts {
    std::vector<std::string> specs;
    std::string format = "text";
    bool werror = false;
    std::string env;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("specs", o->specs, "Spec files")->required();
  sub.add_option("--format", o->format, "Diagnostics as text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}));
  sub.add_flag("--werror", o->werror, "Treat warnings as errors");
  sub.add_option("--env", o->env, "Check only this environment");
  sub.callback([o, &io, &exit_code] {
    int rc = kOk;
    for (const auto& path : o->specs) {
      Compiled c = compile(path, io.reader, o->env);
      print_diagnostics(c, o->format, io.err);
      bool io_error = false;
      for (const auto& d : c.diags.items()) io_error = io_error || d.code == "io";
      if (io_error) {
        rc = std::max(rc, kUsage);
      } else if (c.diags.has_errors() || (o->werror && c.diags.warning_count() > 0)) {
        rc = std::max(rc, kFailed);
      }
      if (o->format == "text" && !c.diags.items().empty()) io.err << path << ": " << summary(c.diags) << "\n";
    }
    exit_code = rc;
  });
}

}  // namespace slipway::cli
