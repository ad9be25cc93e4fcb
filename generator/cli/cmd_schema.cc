// `slipway schema`: prints the JSON Schema of the spec format on stdout. Editors use it through the
// `# yaml-language-server: $schema=...` line at the top of a spec; docs/slipway.schema.json is a copy.
#include <ostream>

#include "cli/commands.h"
#include "cli/schema_json.h"

namespace slipway::cli {

void setup_schema(CLI::App& sub, Io& io, int& exit_code) {
  sub.footer("Write it to a file and point editors at it: slipway schema > docs/slipway.schema.json");
  sub.callback([&io, &exit_code] {
    io.out << schema_json();
    exit_code = kOk;
  });
}

}  // namespace slipway::cli
