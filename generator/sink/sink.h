// Writes an OutputSet under an output folder: only what changed, never outside the folder, never over a
// file the developer owns, and with a manifest that lets the next build tell a hand edit from our output.
#pragma once
#include <string>
#include <vector>

#include "base/output.h"
#include "sink/disk.h"

namespace slipway::sink {

inline constexpr const char* kManifest = ".slipway-manifest.json";

struct Change {
  enum class Kind { Create, Update, Remove };
  Kind kind;
  std::string path;     // relative to the root
  std::string before;   // current content on disk (Update, Remove)
  std::string after;    // new content (Create, Update)
};

struct Plan {
  std::vector<Change> changes;            // sorted by path
  std::vector<std::string> unchanged;     // generated files already up to date
  std::vector<std::string> owned_kept;    // developer-owned files left alone
  std::vector<std::string> hand_edited;   // generated files changed on disk since the last build
  std::vector<std::string> unsafe_paths;  // output paths that would escape the root
  bool stale() const { return !changes.empty(); }
};

// Compares the output set with what is on disk under `root`.
Plan plan(const base::OutputSet& files, const std::string& root, Disk& disk);

// Carries out a plan (from `plan`). Returns "" or the first error; the manifest is written last.
std::string apply(const Plan& plan, const base::OutputSet& files, const std::string& root, Disk& disk);

// A unified diff of one change, with `a/` and `b/` paths as git prints them.
std::string unified_diff(const Change& change);

// True when `path` is relative, '/'-separated and free of '..', '.', empty and NUL segments.
bool safe_relative_path(const std::string& path);

}  // namespace slipway::sink
