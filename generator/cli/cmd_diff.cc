// Placeholder until the command lands.
#include <ostream>

#include "cli/commands.h"

namespace slipway::cli {

void setup_diff(CLI::App& sub, Io& io, int& exit_code) {
  sub.allow_extras();
  sub.callback([&io, &exit_code] {
    io.err << "slipway: this command is not implemented yet\n";
    exit_code = kUsage;
  });
}

}  // namespace slipway::cli
