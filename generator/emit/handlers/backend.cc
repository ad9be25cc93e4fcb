// The handlers backend: a C++ project per handler, rendered from the templates.
//
// Template names decide where output goes (see docs/handlers.md):
//   handler/<file>   once per handler, to handlers/<handler>/<file>, with the handler's view
//   handlers/<file>  once per system, to handlers/<file>, with the system's view
// A name ending in ".mustache" is rendered (the suffix is dropped); any other is copied as it is. A name
// whose last extension before ".mustache" (or at the end) is ".once" is created once and then belongs to
// the developer (Ownership::Owned): "handler/handler.cpp.once.mustache" -> handlers/<h>/handler.cpp.
#include <algorithm>

#include "emit/backend.h"
#include "emit/handlers/render.h"
#include "emit/handlers/view.h"

namespace slipway::emit {

namespace {

struct OutputName {
  std::string path;  // relative to the scope's folder
  bool render = false;
  bool owned = false;
};

bool strip_suffix(std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  s.resize(s.size() - suffix.size());
  return true;
}

OutputName output_name(std::string rest) {
  OutputName n;
  n.render = strip_suffix(rest, ".mustache");
  n.owned = strip_suffix(rest, ".once");
  n.path = rest;
  return n;
}

class HandlersBackend final : public Backend {
 public:
  std::string name() const override { return "handlers"; }

  void emit(const model::Program& program, const Options& options, const Derived& derived, base::FileSink& out,
            base::Diagnostics& diags) const override {
    if (program.systems.empty()) return;
    emit_handlers(program.systems.front(), options, derived, 0, program.systems.front().handlers.size(), true, out,
                  diags);
  }

  // The handlers, in order, in up to eight slices of at least 128 (fewer handlers: one part); the first
  // part also writes the system's files and reports the templates' clashes.
  std::size_t parts(const model::Program& program) const override {
    if (program.systems.empty()) return 1;
    return std::clamp<std::size_t>(program.systems.front().handlers.size() / kHandlersPerPart, 1, kMostParts);
  }

  void emit_part(const model::Program& program, const Options& options, const Derived& derived, std::size_t part,
                 base::FileSink& out, base::Diagnostics& diags) const override {
    if (program.systems.empty()) return;
    const std::size_t count = program.systems.front().handlers.size(), n = parts(program);
    emit_handlers(program.systems.front(), options, derived, count * part / n, count * (part + 1) / n, part == 0,
                  out, diags);
  }

 private:
  static constexpr std::size_t kHandlersPerPart = 128;
  static constexpr std::size_t kMostParts = 8;

  // Writes the projects of handlers [from, to) of `system` (skeletons do not vary by environment) and, when
  // `first`, the system's own files, reporting the templates' clashes (which every part finds) only then.
  static void emit_handlers(const model::System& system, const Options& options, const Derived& derived,
                            std::size_t from, std::size_t to, bool first, base::FileSink& out,
                            base::Diagnostics& diags) {
    if (system.handlers.empty()) return;
    // Each output path is written once: two templates of a scope that write the same file, and a handler
    // whose folder is one the system's templates write into (a handler named `runtime`), are errors.
    base::Diagnostics unreported;  // a later part's copies of the first part's findings
    base::Diagnostics& scope_diags = first ? diags : unreported;
    const Scope system_scope = scope(options, "handlers/", "handlers/", scope_diags);
    const Scope handler_scope = scope(options, "handler/", "handlers/<handler>/", scope_diags);
    handlers::Renderer renderer;
    if (first) {
      renderer.set_view(handlers::system_view(system));
      for (const auto& [name, text] : system_scope.templates) {
        add(out, diags, renderer, name, *text, name.substr(9), "handlers/", base::Span{});
      }
    }
    const handlers::SourceIndex& sources = derived.sources(system);
    for (std::size_t i = from; i < to; ++i) {
      const model::Handler& h = system.handlers[i];
      if (auto taken = system_scope.folders.find(h.name); taken != system_scope.folders.end()) {
        diags
            .error("output-path-clash", h.span,
                   "handler '" + h.name + "' would write its files into handlers/" + h.name +
                       "/, where the system's '" + taken->second + "' goes")
            .fix = "rename the handler";
        continue;
      }
      renderer.set_view(handlers::handler_view(system, h, sources));
      for (const auto& [name, text] : handler_scope.templates) {
        add(out, diags, renderer, name, *text, name.substr(8), "handlers/" + h.name + "/", h.span);
      }
      // Freed before the next view is built, which then reuses its memory: at N=10,000 the peak is ~15 MB
      // lower than when each view lived until the next replaced it.
      renderer.set_view(handlers::Data());
    }
  }

  struct Scope {
    std::vector<std::pair<std::string, const std::string*>> templates;  // name -> text, one per output path
    std::map<std::string, std::string> folders;  // an output path's first name -> the first such path
  };

  // The templates whose names start with `prefix` (they write below `folder`); of two that would write
  // the same file, the second is reported and left out.
  static Scope scope(const Options& options, const std::string& prefix, const std::string& folder,
                     base::Diagnostics& diags) {
    Scope s;
    std::map<std::string, std::string> writer;  // output path -> template
    for (const auto& [name, text] : options.templates) {
      if (name.rfind(prefix, 0) != 0) continue;
      const std::string path = output_name(name.substr(prefix.size())).path;
      if (auto [at, fresh] = writer.emplace(path, name); !fresh) {
        diags
            .error("output-path-clash", {},
                   "templates '" + at->second + "' and '" + name + "' both write " + folder + path)
            .fix = "remove or rename one of them";
        continue;
      }
      s.templates.emplace_back(name, &text);
      s.folders.emplace(path.substr(0, path.find('/')), folder + path);
    }
    return s;
  }

  static void add(base::FileSink& out, base::Diagnostics& diags, handlers::Renderer& renderer,
                  const std::string& template_name, const std::string& text, const std::string& rest,
                  const std::string& folder, const base::Span& span) {
    OutputName n = output_name(rest);
    const base::Ownership ownership = n.owned ? base::Ownership::Owned : base::Ownership::Generated;
    if (!n.render) {
      out.add(folder + n.path, text, ownership);
      return;
    }
    handlers::Rendered r = renderer.render(template_name, text);
    if (!r.error.empty()) {
      diags.error("template-error", span, "template '" + template_name + "': " + r.error);
      return;
    }
    out.add(folder + n.path, r.text, ownership);
  }
};

}  // namespace

std::unique_ptr<Backend> make_handlers_backend() { return std::make_unique<HandlersBackend>(); }

}  // namespace slipway::emit
