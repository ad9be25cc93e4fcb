// The command line. `run` is what main() calls and what tests call in-process.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "sink/disk.h"
#include "spec/loader.h"

namespace slipway::cli {

// Exit codes shared by every command.
inline constexpr int kOk = 0;
inline constexpr int kFailed = 1;  // errors in the spec, a stale --check, a non-matching event
inline constexpr int kUsage = 2;   // bad command line, unreadable files, invalid pattern
inline constexpr int kBroadened = 3;

struct Io {
  std::ostream& out;
  std::ostream& err;
  spec::FileReader& reader;
  sink::Disk& disk;
};

int run(const std::vector<std::string>& args, Io& io);

// A FileReader over the real file system.
std::unique_ptr<spec::FileReader> real_reader();

}  // namespace slipway::cli
