// One small interface for every output kind. Backends read only the model and fill an OutputSet; they
// never touch the disk, the clock or the environment.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/output.h"
#include "derive/iam.h"
#include "emit/handlers/sources.h"
#include "model/model.h"

namespace slipway::emit {

struct Options {
  // Template name (path relative to the templates folder, e.g. "handler/handler.cpp.mustache") -> text.
  // The CLI reads them from `templates/` or `--templates DIR`.
  std::map<std::string, std::string> templates;
};

// What more than one backend, or more than one part of a backend, derives from a system, derived once per
// program by the first that asks: its IAM roles and policies (the IAM files and the Terraform that reads
// them both need them) and the index of every handler's sources (each part of the handlers backend
// types its handlers from it; at N=100,000 each of the eight parts built its own, 2 % of the build's CPU).
// Backends and parts running side by side may ask at the same time.
class Derived {
 public:
  explicit Derived(const model::Program& program);
  ~Derived();
  Derived(const Derived&) = delete;
  Derived& operator=(const Derived&) = delete;

  // `system` must be one of the program's systems.
  const derive::IamModel& iam(const model::System& system) const;
  const handlers::SourceIndex& sources(const model::System& system) const;

 private:
  struct Slot {
    std::once_flag once;
    derive::IamModel iam;
    std::once_flag sources_once;
    handlers::SourceIndex sources;
  };
  Slot& slot(const model::System& system, const char* what) const;
  const model::Program& program_;
  std::vector<std::unique_ptr<Slot>> slots_;  // one per system, in program order
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  // Adds files (paths relative to out/<system>/) to `out`, each as soon as it is made and each path once.
  // Problems that only a backend can see (a definition over a size limit) are reported to `diags`.
  virtual void emit(const model::Program& program, const Options& options, const Derived& derived,
                    base::FileSink& out, base::Diagnostics& diags) const = 0;
  // A backend whose files fall into independent parts says how many it has for `program` (at least one);
  // a build runs each part as it runs a backend, on whichever thread is free and into a sink of its own,
  // so that one long backend does not keep a thread busy while the others have nothing left to do.
  // `emit_part(k)` adds part k's files: the parts together add what `emit` adds and report what it
  // reports, once. By default a backend is one part.
  virtual std::size_t parts(const model::Program&) const { return 1; }
  virtual void emit_part(const model::Program& program, const Options& options, const Derived& derived,
                         std::size_t part, base::FileSink& out, base::Diagnostics& diags) const {
    if (part == 0) emit(program, options, derived, out, diags);
  }
  // The same into an OutputSet.
  void emit(const model::Program& program, const Options& options, const Derived& derived, base::OutputSet& out,
            base::Diagnostics& diags) const {
    base::CollectFiles collect(out);
    emit(program, options, derived, collect, diags);
  }
  // The same two for a backend that runs alone: it derives what it needs itself.
  void emit(const model::Program& program, const Options& options, base::FileSink& out,
            base::Diagnostics& diags) const {
    emit(program, options, Derived(program), out, diags);
  }
  void emit(const model::Program& program, const Options& options, base::OutputSet& out,
            base::Diagnostics& diags) const {
    emit(program, options, Derived(program), out, diags);
  }
};

// Factories, one per backend, each defined in its own folder.
std::unique_ptr<Backend> make_terraform_backend();
std::unique_ptr<Backend> make_asl_backend();
std::unique_ptr<Backend> make_iam_backend();
std::unique_ptr<Backend> make_handlers_backend();
std::unique_ptr<Backend> make_graph_backend();

// Every backend in the order they run. Adding a backend is one line in registry.cc.
std::vector<std::unique_ptr<Backend>> all_backends();

// Runs every backend over the program, part by part (Backend::parts), each part into a FileSink of its
// own, which `sink_for(u)` gives for the u-th part: parts are numbered backend by backend in the order of
// all_backends(), each backend's in order. It is called once per part, on the thread that then runs it.
// Diagnostics come in that order, whichever part finished first.
void emit_into(const model::Program& program, const Options& options,
               const std::function<base::FileSink&(std::size_t)>& sink_for, base::Diagnostics& diags);

// Runs every backend over the program and returns all their files (a path two backends made: the later
// backend's file).
base::OutputSet emit_all(const model::Program& program, const Options& options, base::Diagnostics& diags);

}  // namespace slipway::emit

namespace slipway::emit {
// The templates built into the binary from the project's templates/ folder (name -> text).
std::map<std::string, std::string> default_templates();
}  // namespace slipway::emit
