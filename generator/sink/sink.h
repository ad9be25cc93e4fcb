// Writes an OutputSet under an output folder: only what changed, never outside the folder, never over a
// file the developer owns, and with a manifest that lets the next build tell a hand edit from our output.
//
// The folder changes all at once or not at all. `apply` stages the complete new tree in a sibling folder
// (`.<name>.slipway-stage-<pid>`): unchanged files, files the developer owns and files slipway did not
// generate are hard-linked into it (their inode and modification time stay), new and changed files are
// written there. The staged tree then replaces the folder with one rename(2) (RENAME_EXCHANGE), and the
// old tree is removed. An error or a killed process before that rename leaves the folder as it was; a
// later build removes the stale stage. Builds into one folder are serialized by a lock on the folder,
// taken by `plan` and held until the Plan is destroyed, so what `plan` read is what `apply` replaces.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/output.h"
#include "sink/disk.h"
#include "sink/manifest.h"  // content_hash

namespace slipway::sink {

inline constexpr const char* kManifest = ".slipway-manifest.json";

struct Change {
  enum class Kind { Create, Update, Remove };
  Kind kind;
  std::string_view path;     // relative to the root: a view into the Plan's own state (the build's paths,
                             // the previous manifest's) or a constant; a Stream at N=100,000 copied a
                             // million paths into its changes
  std::string before;        // current content on disk (Update, Remove)
  std::string_view after;    // new content (Create, Update): a view into the OutputSet given to `plan` (or
                             // into the Plan itself), so the set must outlive the Plan
};

struct PlanState;  // what `plan` saw and holds (the lock); used by `apply`

struct Plan {
  std::vector<Change> changes;            // sorted by path; callers may drop entries (e.g. removals)
  std::vector<std::string_view> unchanged;  // generated files already up to date (views, as `Change::path`:
                                           // a rebuild at N=100,000 lists a million)
  std::vector<std::string> owned_kept;    // developer-owned files left alone
  std::vector<std::string> hand_edited;   // generated files changed on disk since the last build
  std::vector<std::string> unsafe_paths;  // output paths that would escape the root or go through a link
  std::shared_ptr<PlanState> state;
  bool stale() const { return !changes.empty(); }
};

struct Options {
  int lock_timeout_ms = 300'000;  // how long to wait for another build into the same folder
};

// Compares the output set with what is on disk under `root`. Locks the folder (when it exists) for the
// life of the returned Plan.
Plan plan(const base::OutputSet& files, const std::string& root, Disk& disk, const Options& options = {});

// Carries out a plan (from `plan` or Stream::close): stages the new tree and swaps it in. Returns "" or an
// error; on an error the folder is unchanged. Refuses plans with unsafe paths or hand-edited files. The
// OutputSet a plan was made from must still be alive.
std::string apply(const Plan& plan, Disk& disk);

// A build whose files are written as they are made, so that its output never sits in memory whole. It
// reads the folder and locks it as `plan` does; each file added to a writer is judged at once, and when it
// is new or changed it is written into the stage (the tree `apply` swaps in), after which only its path
// and hash are kept. `close` then gives the plan of the whole build, which `apply` completes (carrying
// over what did not change, writing the manifest, swapping) or, when it is not applied, gives up with
// the stage: the folder stays as it was until `apply` succeeds. The plan lists what changed as `plan`
// does, but without the contents: its changes' `before` and `after` are empty.
//
// A Stream made to Check writes nothing: it keeps the text of each new or changed file (and of what is on
// disk) instead, so that its plan is the one `plan` makes of the same files, `after` viewing its own
// copies, while unchanged files leave only their path and hash (`build --check`).
class Stream {
 public:
  enum class Mode { Write, Check };
  explicit Stream(const std::string& root, Disk& disk, Mode mode = Mode::Write, const Options& options = {});
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // A new writer, for one thread (safe to call from several). Writers live as long as the Stream; every
  // file must have been added before `close`.
  base::FileSink& writer();
  // The plan of every file added, for `apply`. Call once.
  Plan close();

 private:
  class Writer;
  struct Shared;
  std::unique_ptr<Shared> shared_;
};

// A unified diff of one change, with `a/` and `b/` paths as git prints them.
std::string unified_diff(const Change& change);

// True when `path` is relative, '/'-separated and free of '..', '.', empty and NUL segments, backslashes
// and control characters, with segments of at most 255 bytes.
bool safe_relative_path(std::string_view path);


}  // namespace slipway::sink
