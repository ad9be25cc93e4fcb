#include <iostream>

#include "cli/allocator.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
  slipway::cli::tune_allocator();
  std::vector<std::string> args(argv + 1, argv + argc);
  auto reader = slipway::cli::real_reader();
  auto disk = slipway::sink::real_disk();
  slipway::cli::Io io{std::cout, std::cerr, *reader, *disk};
  int rc = slipway::cli::run(args, io);
  std::cout.flush();
  return rc;
}
