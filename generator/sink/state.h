// What `plan` (or a Stream) learnt about the output folder, shared with `apply`, and the pieces they share
// (internal to the sink).
#pragma once
#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sink/disk.h"
#include "sink/manifest.h"
#include "sink/sink.h"

namespace slipway::sink {

// The tree a build stages beside the output folder, from its creation until it has been swapped in (it
// then holds the previous tree) or given up: removed, with everything in it, when this goes away.
class Stage {
 public:
  Stage() = default;
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;
  ~Stage() { clear(); }

  // Removes what builds that died left beside `root`, then makes and locks a new stage there (making the
  // folders above `root` that are missing).
  std::string open(const std::string& root, Disk& disk);
  // Removes the stage (after a swap: the previous tree) and lets go of its lock. The folders `open` made
  // above the root go too when they are empty: a build that failed leaves nothing behind.
  void clear();
  const std::string& path() const { return path_; }  // "" until opened

 private:
  Disk* disk_ = nullptr;  // not owned: the Disk the stage was opened on
  std::string path_;
  std::vector<std::string> made_above_;  // the folders above the root that `open` made, deepest first
  Held lock_;
};

// A content hash's 16 hex digits, held inline: as a string of its own each was an allocation, a million of
// them at N=100,000.
struct HashDigits {
  std::array<char, 16> digits{};
  // The digits of `hex`; throws std::logic_error unless it has exactly 16.
  static HashDigits of(std::string_view hex);
  std::string_view text() const { return {digits.data(), digits.size()}; }
};

struct PlanState {
  std::string root;       // absolute, resolved
  std::string error;      // why the folder cannot be written (reported by apply)
  Held lock;              // the lock on the folder; empty when the folder did not exist
  bool exists = false;    // the folder existed when planned
  std::map<std::string, Entry, std::less<>> entries;  // the folder's tree when planned, by path (each
                                                      // entry's own `path` is moved into its key)
  std::map<std::string, std::string> old_hashes;     // the previous manifest: path -> hash; a file kept
                                                     // unedited gets its hash in this build's algorithm
  HashAlgorithm old_algorithm = kHashAlgorithm;      // how the previous manifest's hashes were made
  // The generated files of this build, in path order, with their hashes: views of `paths` and the digits of
  // each hash. A map of strings was 180 MB at N=100,000, the largest part of the peak a build reached while
  // closing.
  struct NewHash {
    std::string_view path;
    HashDigits hash;
  };
  std::vector<NewHash> new_hashes;
  std::string manifest_on_disk;                      // the manifest's text ("" when missing)
  std::string manifest_planned;                      // the manifest `plan` computed (Change::after views it)
  std::vector<std::string_view> outputs;             // every path of the build, sorted (views into `paths`)
  std::vector<std::string> paths;                    // the build's paths (a Stream's, or a copy of the
                                                     // OutputSet's), which `outputs`, `new_hashes` and the
                                                     // plan's changes view
  // True when `path` is one of this build's outputs.
  bool builds(std::string_view path) const { return std::binary_search(outputs.begin(), outputs.end(), path); }
  std::vector<std::string> streamed_texts;           // a checking Stream's new and changed files, which
                                                     // the changes' `after` view
  bool streamed = false;    // the new and changed files are in `stage` already (a Stream's plan)
  std::string stage_error;  // the first failure staging them, reported by apply
  Stage stage;              // declared last: removed before the lock above is let go
};

// Parent folder and name of an absolute path ("/a/b" -> "/a", "b").
std::pair<std::string, std::string> split_parent(const std::string& abs);

// A path below a folder: `root` joined with the relative path `rel`.
std::string join(const std::string& root, std::string_view rel);

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

// What one file of a build is, against the folder as it was read.
struct Judged {
  enum class Kind { Unsafe, OwnedKept, OwnedNew, Create, Unchanged, Update };
  Kind kind = Kind::Unsafe;
  std::string hash;                   // of a generated file's content
  std::optional<std::string> before;  // Update: the content on disk
  bool hand_edited = false;           // Update: what is on disk is not what the last build wrote
};

// Makes the folders of files staged by one thread (a slice of apply's parallel passes, or a Stream's
// writer), top-down, each with the mode it had in the old tree (0777 when it is new). Paths mostly come in
// order, so the part of a file's folder that it shares with the folder before it exists already, made by
// this thread: only the rest is created. A folder another thread (or an earlier pass) made is fine:
// make_dirs accepts an existing folder. The folders were made in one serial pass before the files until
// the tenth round: at N=10,000 (20,000 folders) that pass alone took 31 ms of a build's 0.9 s, with the
// second core idle.
class StageFolders {
 public:
  StageFolders(const PlanState& st, const std::string& stage, Disk& disk) : st_(st), stage_(stage), disk_(disk) {}

  // Makes the folders above `path` (relative to the root) that this slice has not made yet.
  std::string above(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string{} : folder(path.substr(0, slash));
  }

  // Makes the folder `dir` (relative to the root) and those above it that this slice has not made yet.
  std::string folder(std::string_view dir) {
    if (dir == made_) return {};
    // The folders `dir` shares with the last folder made exist.
    const std::size_t shared = made_.empty() ? 0 : shared_folders(dir, made_);
    std::string err;
    for_each_folder_after(dir, shared, [&](std::string_view part) {
      auto old = st_.entries.find(part);
      const bool was_folder = old != st_.entries.end() && old->second.type == Entry::Type::Dir;
      const std::string path = join(stage_, part);
      err = disk_.make_dirs(path, was_folder ? old->second.mode : 0777);
      // A folder of the tree's first level holds one folder per handler, role or machine: spread them.
      if (err.empty() && part.find('/') == std::string_view::npos) disk_.spread_subfolders(path);
      return err.empty();
    });
    if (err.empty()) made_.assign(dir);
    return err;
  }

  // Forgets what it made, for a pass whose slices are cut elsewhere.
  void forget() { made_.clear(); }

 private:
  const PlanState& st_;
  const std::string& stage_;
  Disk& disk_;
  std::string made_;  // the last folder made (relative), "" before the first
};

// The hash of what is on disk, with the algorithm asked for (content_hash of the file's bytes).
using HashNow = std::function<std::string(HashAlgorithm)>;

// What the path of a file decides, before its content is seen: an unsafe path (j.kind stays Unsafe) or a
// file the developer owns (OwnedKept, OwnedNew), and false; or true when the content decides, with
// `compare_with` set to the file on disk to compare it with ("" when there is none). Thread-safe.
bool judge_path(const PlanState& st, const std::string& path, base::Ownership ownership, Judged& j,
                std::string& compare_with);

// True when the generated file `path` on disk is not what the previous build wrote there (by the hash
// its manifest recorded); `hash_now` hashes what is on disk. False when the manifest does not list it.
bool edited_by_hand(const PlanState& st, const std::string& path, const HashNow& hash_now);

// Judges one file (thread-safe). A path that is also another path's folder is not caught here: that
// needs every path of the build (folder_clashes).
Judged judge(const PlanState& st, const std::string& path, std::string_view content, base::Ownership ownership,
             Disk& disk);

// The paths among `sorted` (every path of a build, sorted) that are also the folder of a path, or below
// a path that is.
std::vector<bool> folder_clashes(const std::vector<std::string_view>& sorted);

// Reads what a build into `root` needs to know (its tree and manifest) under the folder's lock.
std::shared_ptr<PlanState> read_folder(const std::string& root, Disk& disk, const Options& options);

// Adds a judged file to the plan, in path order.
void record(Plan& p, PlanState& st, const std::string& path, Judged&& judged, std::string_view after);

// Completes a plan whose files were all recorded: the removals, the manifest, the order of the lists.
void finish_plan(Plan& p, PlanState& st, Disk& disk);

}  // namespace slipway::sink
