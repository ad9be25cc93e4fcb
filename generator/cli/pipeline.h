// The front half shared by every command: load, lower, check.
#pragma once
#include <iosfwd>
#include <string>

#include "base/diagnostic.h"
#include "emit/backend.h"
#include "model/model.h"
#include "sink/sink.h"
#include "spec/loader.h"

namespace slipway::cli {

struct Compiled {
  base::Sources sources;
  base::Diagnostics diags;
  model::Program program;
  bool ok() const { return !diags.has_errors() && !program.systems.empty(); }
};

// Loads, lowers and checks a spec. With `env`, keeps only that environment (an unknown name is an error).
Compiled compile(const std::string& path, spec::FileReader& reader, const std::string& env = "");

// Runs every backend, each file streamed to a sink::Stream on `root` as its backend makes it: what is new
// or changed is written into the stage at once (or, to Check, kept for the plan) and the rest freed, so
// the output never sits in memory whole. Returns the plan of the whole output for sink::apply; when
// `diags` gets an error, drop the plan unapplied (the folder stays as it was).
sink::Plan stream_output(const model::Program& program, const emit::Options& options, const std::string& root,
                         sink::Disk& disk, base::Diagnostics& diags,
                         sink::Stream::Mode mode = sink::Stream::Mode::Write);
// The same, taking the program: it is freed as soon as the backends are done, before the stream closes,
// so that the plan's lists (one entry for each of a million files at N=100,000) and the manifest reuse its
// memory instead of pages the kernel must give afresh.
sink::Plan stream_output(model::Program&& program, const emit::Options& options, const std::string& root,
                         sink::Disk& disk, base::Diagnostics& diags,
                         sink::Stream::Mode mode = sink::Stream::Mode::Write);

// Prints diagnostics as "text", "json" or "github"; returns false for an unknown format.
bool print_diagnostics(const Compiled& c, const std::string& format, std::ostream& err);

// "2 errors, 1 warning" style summary.
std::string summary(const base::Diagnostics& d);

}  // namespace slipway::cli
