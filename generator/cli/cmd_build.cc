#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "emit/backend.h"
#include "sink/sink.h"

namespace slipway::cli {

namespace {

// Reads every file under `dir` into name -> text (names relative to dir, '/'-separated).
bool read_templates(const std::string& dir, std::map<std::string, std::string>& out, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    err << "slipway: error: --templates '" << dir << "' is not a folder\n";
    return false;
  }
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out[fs::relative(it->path(), dir, ec).generic_string()] = ss.str();
  }
  return true;
}

}  // namespace

void setup_build(CLI::App& sub, Io& io, int& exit_code) {
  struct Opts {
    std::string spec;
    std::string out_dir;
    std::string env;
    std::string templates;
    std::string format = "text";
    bool check = false;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("spec", o->spec, "The spec file")->required();
  sub.add_option("-o,--out", o->out_dir, "Output folder (default out/<system>)");
  sub.add_option("--env", o->env, "Build only this environment");
  sub.add_option("--templates", o->templates, "Folder of templates overriding the built-in ones");
  sub.add_option("--format", o->format, "Diagnostics as text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}));
  sub.add_flag("--check", o->check, "Write nothing; exit 1 with a diff when the output is stale");
  sub.add_flag("-q,--quiet", o->quiet, "Print nothing but problems");
  sub.callback([o, &io, &exit_code] {
    Compiled c = compile(o->spec, io.reader, o->env);
    print_diagnostics(c, o->format, io.err);
    if (!c.ok()) {
      bool io_error = false;
      for (const auto& d : c.diags.items()) io_error = io_error || d.code == "io";
      io.err << o->spec << ": " << summary(c.diags) << "; nothing written\n";
      exit_code = io_error ? kUsage : kFailed;
      return;
    }
    emit::Options options;
    options.templates = emit::default_templates();
    if (!o->templates.empty() && !read_templates(o->templates, options.templates, io.err)) {
      exit_code = kUsage;
      return;
    }
    const std::string root = o->out_dir.empty() ? "out/" + c.program.systems.front().name : o->out_dir;
    // The output is streamed to the sink (at N=100,000 it is 2.4 GB): a build writes what is new or
    // changed into its stage, a check keeps only that in memory; the folder itself changes only when the
    // plan is applied, below.
    base::Diagnostics emit_diags;
    // (The program is not needed after the backends: stream_output frees it before closing the stream.)
    sink::Plan plan = stream_output(std::move(c.program), options, root, io.disk, emit_diags,
                                    o->check ? sink::Stream::Mode::Check : sink::Stream::Mode::Write);
    if (!emit_diags.items().empty()) {
      emit_diags.sort_and_unique();
      io.err << base::format_text(emit_diags, c.sources);
    }
    if (emit_diags.has_errors()) {
      io.err << o->spec << ": " << summary(emit_diags) << "; nothing written\n";
      exit_code = kFailed;
      return;
    }
    if (!o->env.empty()) {
      // A partial build must not delete the other environments' files.
      std::erase_if(plan.changes, [](const sink::Change& ch) { return ch.kind == sink::Change::Kind::Remove; });
    }
    if (!plan.unsafe_paths.empty()) {
      for (const auto& p : plan.unsafe_paths) {
        io.err << "slipway: error: refusing to write '" << p << "': it would land outside " << root << "\n";
      }
      exit_code = kFailed;
      return;
    }
    if (o->check) {
      for (const auto& ch : plan.changes) io.out << sink::unified_diff(ch);
      if (plan.stale()) {
        io.err << root << ": " << plan.changes.size() << " file(s) stale; run 'slipway build " << o->spec
               << "' and commit the result\n";
        exit_code = kFailed;
      } else {
        exit_code = kOk;
      }
      return;
    }
    if (!plan.hand_edited.empty()) {
      for (const auto& p : plan.hand_edited) {
        io.err << root << "/" << p
               << ": error: this generated file was edited by hand since slipway wrote it; the build would "
                  "lose the edit [hand-edited-output]\n"
               << "  help: move the change into the spec (or a file slipway does not generate), then restore "
                  "or delete this file\n";
      }
      io.err << "nothing written\n";
      exit_code = kFailed;
      return;
    }
    std::string err = sink::apply(plan, io.disk);
    if (!err.empty()) {
      io.err << "slipway: error: " << err << "\n";
      exit_code = kUsage;
      return;
    }
    if (!o->quiet) {
      io.out << root << ": " << plan.changes.size() << " written, " << plan.unchanged.size() << " unchanged";
      if (!plan.owned_kept.empty()) io.out << ", " << plan.owned_kept.size() << " owned by you kept";
      io.out << "\n";
    }
    exit_code = kOk;
  });
}

}  // namespace slipway::cli
