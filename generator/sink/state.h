// What `plan` learnt about the output folder, shared with `apply` (internal to the sink).
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "sink/disk.h"
#include "sink/manifest.h"
#include "sink/sink.h"

namespace slipway::sink {

struct PlanState {
  std::string root;       // absolute, resolved
  std::string error;      // why the folder cannot be written (reported by apply)
  Held lock;              // the lock on the folder; empty when the folder did not exist
  Held stage_lock;        // the lock on the staged tree, taken by apply
  bool exists = false;    // the folder existed when planned
  std::map<std::string, Entry, std::less<>> entries;  // the folder's tree when planned
  std::map<std::string, std::string> old_hashes;     // the previous manifest: path -> hash; a file kept
                                                     // unedited gets its hash in this build's algorithm
  HashAlgorithm old_algorithm = kHashAlgorithm;      // how the previous manifest's hashes were made
  std::map<std::string, std::string> new_hashes;     // generated files of this build: path -> hash
  std::string manifest_on_disk;                      // the manifest's text ("" when missing)
  std::string manifest_planned;                      // the manifest `plan` computed (Change::after views it)
};

// Parent folder and name of an absolute path ("/a/b" -> "/a", "b").
std::pair<std::string, std::string> split_parent(const std::string& abs);

// A path below a folder: `root` joined with the relative path `rel`.
std::string join(const std::string& root, const std::string& rel);

// How much of folder `dir` is folders it shares with folder `other` (both relative, '/'-separated): the
// length of their longest common prefix that ends where a component of both ends. "a/b/c" and "a/b/d"
// share 3 ("a/b"), "a/b" and "a/bc" 1 ("a"), "a" and "b" 0, "a/b" and "a/b/c" 3 (all of "a/b").
std::size_t shared_folders(std::string_view dir, std::string_view other);

// Calls `fn(folder)` for each folder of `dir` (relative, '/'-separated) longer than its first `shared`
// characters (a length shared_folders gave), outermost first and `dir` itself last. Stops at the first
// call that returns false, and returns false then.
template <typename Fn>
bool for_each_folder_after(std::string_view dir, std::size_t shared, const Fn& fn) {
  if (shared >= dir.size()) return true;
  for (std::size_t at = dir.find('/', shared + 1);; at = dir.find('/', at + 1)) {
    if (!fn(dir.substr(0, at))) return false;
    if (at == std::string_view::npos) return true;
  }
}

// The prefix of every sibling folder a build of `name` creates (".<name>.slipway-").
std::string sibling_prefix(const std::string& name);

}  // namespace slipway::sink
