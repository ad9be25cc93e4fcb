// slipway diff OLD.yaml NEW.yaml | slipway diff NEW.yaml --git REF: what a spec change does to the
// generated infrastructure, per environment, IAM first. Exit 3 with --fail-on-broadening when any role or
// resource policy may do more than before.
#include <cstdio>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/diff_model.h"
#include "cli/pipeline.h"
#include "emit/backend.h"

namespace slipway::cli {

namespace {

// Serves one path from memory (the old spec taken from git) and everything else from the real reader.
class OverlayReader final : public spec::FileReader {
 public:
  OverlayReader(spec::FileReader& base, std::string path, std::string text)
      : base_(base), path_(std::move(path)), text_(std::move(text)) {}
  std::optional<std::string> read(const std::string& path) override {
    return path == path_ ? std::optional<std::string>(text_) : base_.read(path);
  }

 private:
  spec::FileReader& base_;
  std::string path_, text_;
};

bool safe_ref(const std::string& ref) {
  if (ref.empty() || ref[0] == '-') return false;
  for (char c : ref) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string("._/-~^@{}").find(c) != std::string::npos)) {
      return false;
    }
  }
  return true;
}

// `git show REF:./PATH` (the path relative to the current folder). The one place slipway runs a process.
std::optional<std::string> git_show(const std::string& ref, const std::string& path, std::string& error) {
  if (!safe_ref(ref) || path.find('\'') != std::string::npos) {
    error = "refusing the git reference '" + ref + "'";
    return std::nullopt;
  }
  std::string rel = path.rfind('/', 0) == 0 ? path : "./" + path;
  std::string cmd = "git show '" + ref + ":" + rel + "' 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) {
    error = "cannot run git";
    return std::nullopt;
  }
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  if (rc != 0) {
    error = "git show " + ref + ":" + rel + " failed (is the file in that revision?)";
    return std::nullopt;
  }
  return out;
}

std::optional<base::OutputSet> build(const std::string& path, spec::FileReader& reader, Io& io) {
  Compiled c = compile(path, reader);
  if (!c.ok()) {
    print_diagnostics(c, "text", io.err);
    io.err << path << ": " << summary(c.diags) << "; cannot diff\n";
    return std::nullopt;
  }
  emit::Options options;
  options.templates = emit::default_templates();
  base::Diagnostics d;
  base::OutputSet files = emit::emit_all(c.program, options, d);
  if (d.has_errors()) {
    io.err << base::format_text(d, c.sources);
    return std::nullopt;
  }
  return files;
}

}  // namespace

void setup_diff(CLI::App& sub, Io& io, int& exit_code) {
  struct Opts {
    std::vector<std::string> specs;
    std::string git, format = "text", env;
    bool fail_on_broadening = false;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("specs", o->specs, "OLD.yaml NEW.yaml, or NEW.yaml with --git")->required()->expected(1, 2);
  sub.add_option("--git", o->git, "Take OLD from `git show REF:<path of NEW>`");
  sub.add_option("--format", o->format, "text, markdown or json")->check(CLI::IsMember({"text", "markdown", "json"}));
  sub.add_option("--env", o->env, "Only this environment");
  sub.add_flag("--fail-on-broadening", o->fail_on_broadening, "Exit 3 when any permission is broadened");
  sub.callback([o, &io, &exit_code] {
    if ((o->git.empty() && o->specs.size() != 2) || (!o->git.empty() && o->specs.size() != 1)) {
      io.err << "slipway diff: give OLD.yaml NEW.yaml, or NEW.yaml --git REF\n";
      exit_code = kUsage;
      return;
    }
    const std::string& new_path = o->specs.back();
    std::optional<base::OutputSet> before;
    if (o->git.empty()) {
      before = build(o->specs.front(), io.reader, io);
    } else {
      std::string error;
      auto text = git_show(o->git, new_path, error);
      if (!text) {
        io.err << "slipway: error: " << error << "\n";
        exit_code = kUsage;
        return;
      }
      OverlayReader overlay(io.reader, new_path, *text);
      before = build(new_path, overlay, io);
    }
    auto after = build(new_path, io.reader, io);
    if (!before || !after) {
      exit_code = kFailed;
      return;
    }
    auto diffs = diff::compare(*before, *after, o->env);
    io.out << (o->format == "json"       ? diff::render_json(diffs)
               : o->format == "markdown" ? diff::render_markdown(diffs)
                                         : diff::render_text(diffs));
    bool broadened = false;
    for (const auto& d : diffs) broadened = broadened || !d.broadening.empty();
    exit_code = o->fail_on_broadening && broadened ? kBroadened : kOk;
  });
}

}  // namespace slipway::cli
