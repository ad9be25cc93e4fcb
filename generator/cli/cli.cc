#include "cli/cli.h"

#include <fstream>
#include <ostream>
#include <sstream>
#include <sys/stat.h>

#include "cli/commands.h"

namespace slipway::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> kCommands = {
      {"validate", "Check specs; diagnostics on stderr", setup_validate},
      {"build", "Write Terraform, ASL, IAM and handler skeletons (or --check them)", setup_build},
      {"diff", "What a spec change does to the generated infrastructure", setup_diff},
      {"graph", "The event flow as Mermaid or Graphviz", setup_graph},
      {"match", "Does an EventBridge pattern match an event?", setup_match},
      {"test-event", "Which rules of a spec match an event, and what each target receives", setup_test_event},
      {"sample-event", "A valid sample event for a declared event type", setup_sample_event},
      {"schema", "The JSON Schema of the spec format", setup_schema},
  };
  return kCommands;
}

int run(const std::vector<std::string>& args, Io& io) {
  CLI::App app{"slipway: a compiler for event-driven serverless systems on AWS", "slipway"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "slipway 0.1.0");
  int exit_code = kOk;
  for (const auto& c : commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.summary);
    c.setup(*sub, io, exit_code);
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    io.out << app.help();
    return kOk;
  } catch (const CLI::CallForVersion& e) {
    io.out << e.what() << "\n";
    return kOk;
  } catch (const CLI::ParseError& e) {
    std::ostringstream out, err;
    int rc = app.exit(e, out, err);
    io.out << out.str();
    io.err << err.str();
    return rc == 0 ? kOk : kUsage;
  }
  return exit_code;
}

namespace {
class RealReader final : public spec::FileReader {
 public:
  std::optional<std::string> read(const std::string& path) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};
}  // namespace

std::unique_ptr<spec::FileReader> real_reader() { return std::make_unique<RealReader>(); }

}  // namespace slipway::cli
