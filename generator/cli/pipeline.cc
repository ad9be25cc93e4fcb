#include "cli/pipeline.h"

#include <algorithm>
#include <map>
#include <ostream>

#include "check/check.h"
#include "lower/lower.h"

namespace slipway::cli {

namespace {

// Runs the checks per environment. A finding of every environment is reported once; one that only some
// environments have (a timeout raised for prod, say) names them.
void check_environments(const model::Program& program, base::Diagnostics& out) {
  if (program.systems.size() <= 1) {
    check::check(program, out);
    return;
  }
  std::vector<base::Diagnostic> order;
  std::map<std::string, std::vector<std::string>> envs_of;
  auto key = [](const base::Diagnostic& d) {
    return std::to_string(d.span.file) + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.col) + ":" +
           d.code + ":" + d.message;
  };
  for (const auto& system : program.systems) {
    base::Diagnostics one;
    check::check_system(system, one);
    for (const auto& d : one.items()) {
      auto& envs = envs_of[key(d)];
      if (envs.empty()) order.push_back(d);
      if (envs.empty() || envs.back() != system.environment) envs.push_back(system.environment);
    }
  }
  for (auto& d : order) {
    const auto& envs = envs_of[key(d)];
    if (envs.size() < program.systems.size()) {
      std::string list;
      for (std::size_t i = 0; i < envs.size(); ++i) list += (i ? ", '" : "'") + envs[i] + "'";
      d.message += std::string(" (in environment") + (envs.size() > 1 ? "s " : " ") + list + ")";
    }
    out.add(std::move(d));
  }
}

}  // namespace

Compiled compile(const std::string& path, spec::FileReader& reader, const std::string& env) {
  Compiled c;
  if (spec::NodePtr root = spec::load(path, reader, c.sources, c.diags)) {
    c.program = lower::lower_consuming(*root, c.diags);
    root.reset();  // what is left of the tree: its keys
    if (!env.empty()) {
      auto& v = c.program.systems;
      auto keep = std::find_if(v.begin(), v.end(), [&](const model::System& s) { return s.environment == env; });
      if (keep == v.end()) {
        std::vector<std::string> names;
        for (const auto& s : v) names.push_back(s.environment);
        c.diags.error("unknown-environment", {}, "the spec has no environment '" + env + "'").fix =
            base::did_you_mean(env, names);
        v.clear();
      } else {
        model::System one = std::move(*keep);
        v.clear();
        v.push_back(std::move(one));
      }
    }
    check_environments(c.program, c.diags);
  }
  c.diags.sort_and_unique();
  return c;
}

namespace {

// stream_output, freeing `*release` (the program itself, or nothing) once the backends are done.
sink::Plan stream_and_close(const model::Program& program, const emit::Options& options, const std::string& root,
                            sink::Disk& disk, base::Diagnostics& diags, sink::Stream::Mode mode,
                            model::Program* release) {
  sink::Stream stream(root, disk, mode);
  emit::emit_into(program, options, [&](std::size_t) -> base::FileSink& { return stream.writer(); }, diags);
  if (release != nullptr) *release = model::Program{};
  return stream.close();
}

}  // namespace

sink::Plan stream_output(const model::Program& program, const emit::Options& options, const std::string& root,
                         sink::Disk& disk, base::Diagnostics& diags, sink::Stream::Mode mode) {
  return stream_and_close(program, options, root, disk, diags, mode, nullptr);
}

sink::Plan stream_output(model::Program&& program, const emit::Options& options, const std::string& root,
                         sink::Disk& disk, base::Diagnostics& diags, sink::Stream::Mode mode) {
  return stream_and_close(program, options, root, disk, diags, mode, &program);
}

bool print_diagnostics(const Compiled& c, const std::string& format, std::ostream& err) {
  if (format == "text") {
    err << base::format_text(c.diags, c.sources);
  } else if (format == "json") {
    err << base::format_json(c.diags, c.sources);
  } else if (format == "github") {
    err << base::format_github(c.diags, c.sources);
  } else {
    return false;
  }
  return true;
}

std::string summary(const base::Diagnostics& d) {
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  return plural(d.error_count(), "error") + ", " + plural(d.warning_count(), "warning");
}

}  // namespace slipway::cli
