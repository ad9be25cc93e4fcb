// The subcommand table. Each command lives in its own cmd_<name>.cc and registers its options on a CLI11
// subcommand; its callback stores the exit code.
#pragma once
#include <CLI/CLI.hpp>
#include <vector>

#include "cli/cli.h"

namespace slipway::cli {

struct Command {
  const char* name;
  const char* summary;
  void (*setup)(CLI::App& sub, Io& io, int& exit_code);
};

const std::vector<Command>& commands();

void setup_validate(CLI::App& sub, Io& io, int& exit_code);
void setup_build(CLI::App& sub, Io& io, int& exit_code);
void setup_schema(CLI::App& sub, Io& io, int& exit_code);
void setup_diff(CLI::App& sub, Io& io, int& exit_code);
void setup_graph(CLI::App& sub, Io& io, int& exit_code);
void setup_match(CLI::App& sub, Io& io, int& exit_code);
void setup_test_event(CLI::App& sub, Io& io, int& exit_code);
void setup_sample_event(CLI::App& sub, Io& io, int& exit_code);

}  // namespace slipway::cli
