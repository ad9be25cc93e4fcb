// The in-memory set of files a build produces. Emitters fill it; only the sink writes it to disk.
#pragma once
#include <functional>
#include <map>
#include <string>

namespace slipway::base {

enum class Ownership {
  Generated,  // rewritten on every build; a hand edit is reported
  Owned,      // created once (handler bodies); never overwritten or deleted
};

struct OutputFile {
  std::string content;
  Ownership ownership = Ownership::Generated;
};

// Paths are relative to the output root, '/'-separated, without '.' or '..' segments.
// A std::map keeps them sorted, so iteration order is deterministic; std::less<> lets a part of a path
// (a string_view) be looked up without a copy.
using OutputSet = std::map<std::string, OutputFile, std::less<>>;

}  // namespace slipway::base
