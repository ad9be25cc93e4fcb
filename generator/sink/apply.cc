// Applying a plan: stage the complete new tree beside the output folder, then swap it in with one rename.
#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <unistd.h>

#include "sink/manifest.h"
#include "sink/parallel.h"
#include "sink/sink.h"
#include "sink/state.h"

namespace slipway::sink {

namespace {

// Adds every folder above a path to a set. Paths come in path order, where neighbours mostly share their
// folder: a path in the same folder as the one before adds nothing, and is skipped without a lookup; of a
// new folder, only the folders it does not share with the one before are added.
class ParentFolders {
 public:
  explicit ParentFolders(std::set<std::string>& dirs) : dirs_(dirs) {}
  void add(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return;
    const std::string_view folder(path.data(), slash);
    if (seen_any_ && folder == last_) return;
    const std::size_t shared = seen_any_ ? shared_folders(folder, last_) : 0;
    seen_any_ = true;
    last_.assign(folder);
    for_each_folder_after(folder, shared, [&](std::string_view f) {
      dirs_.emplace(f);
      return true;
    });
  }

 private:
  std::set<std::string>& dirs_;
  std::string last_;
  bool seen_any_ = false;
};

// The manifest after this build when it differs from the one `plan` made: every generated file of the
// build, plus the files of an earlier build that a caller chose to keep (it dropped their removal, e.g.
// `build --env`). Without any such file, nullopt: the planned manifest stands (47 MB at N=100,000, which a
// copy took in fresh memory).
std::optional<std::string> final_manifest(const PlanState& st, const Plan& p) {
  std::set<std::string> removed;
  for (const auto& c : p.changes) {
    if (c.kind == Change::Kind::Remove) removed.emplace(c.path);
  }
  std::vector<const std::pair<const std::string, std::string>*> kept;
  for (const auto& entry : st.old_hashes) {
    const std::string& path = entry.first;
    if (st.builds(path) || removed.count(path) || !safe_relative_path(path)) continue;
    auto e = st.entries.find(path);
    if (e != st.entries.end() && e->second.type == Entry::Type::File) kept.push_back(&entry);
  }
  if (kept.empty()) return std::nullopt;
  ManifestEntries entries;
  entries.reserve(st.new_hashes.size() + kept.size());
  for (const auto& h : st.new_hashes) entries.emplace_back(h.path, h.hash.text());
  for (const auto* entry : kept) entries.emplace_back(entry->first, entry->second);  // none is built: no duplicate
  std::sort(entries.begin(), entries.end());
  return manifest_text(entries);
}

std::string unique_stage_name(const std::string& name) {
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return sibling_prefix(name) + "stage-" + std::to_string(::getpid()) + "-" + std::to_string(now);
}

}  // namespace

std::string Stage::open(const std::string& root, Disk& disk) {
  clear();
  auto [parent, name] = split_parent(root);
  // What builds that died left beside the folder. A stage that is still locked belongs to a running build
  // and is left alone.
  for (const auto& n : disk.names(parent, sibling_prefix(name))) {
    std::string path = join(parent, n);
    Held held;
    if (disk.lock(path, held, 0).empty() && held) disk.remove_tree(path);
  }
  disk_ = &disk;
  for (std::string dir = parent; dir.size() > 1;) {
    auto [above, dir_name] = split_parent(dir);
    const auto there = disk.names(above, dir_name);
    if (std::find(there.begin(), there.end(), dir_name) != there.end()) break;
    made_above_.push_back(dir);
    dir = above;
  }
  if (auto err = disk.make_dirs(parent, 0777); !err.empty()) {
    clear();
    return err;
  }
  std::string stage = join(parent, unique_stage_name(name));
  if (auto err = disk.make_dirs(stage, 0777); !err.empty()) {
    clear();
    return err;
  }
  path_ = stage;
  if (auto err = disk.lock(stage, lock_, 0); !err.empty() || !lock_) {
    clear();
    return err.empty() ? "cannot lock '" + stage + "'" : err;
  }
  disk.spread_subfolders(stage);  // and StageFolders spreads those of its first level
  return {};
}

void Stage::clear() {
  if (disk_ != nullptr && !path_.empty()) disk_->remove_tree(path_);
  if (disk_ != nullptr) {
    for (const auto& dir : made_above_) {
      if (!disk_->remove_empty_folder(dir).empty()) break;  // it holds the output folder now, or more
    }
  }
  made_above_.clear();
  path_.clear();
  lock_.reset();
  disk_ = nullptr;
}

namespace {

std::string stage_and_swap(const Plan& p, PlanState& st, Disk& disk) {
  if (!st.error.empty()) return st.error;
  if (!p.unsafe_paths.empty()) return "refusing to write '" + p.unsafe_paths.front() + "' under " + st.root;
  if (!p.hand_edited.empty()) {
    return "refusing to overwrite '" + join(st.root, p.hand_edited.front()) + "': it was edited by hand";
  }

  // What the new tree holds: the old tree minus `dropped`, plus `writes` (in path order, as the changes are).
  std::vector<std::pair<std::string_view, std::string_view>> writes;
  writes.reserve(p.changes.size());
  std::set<std::string> dropped;
  for (const auto& c : p.changes) {
    if (c.path == kManifest) continue;
    if (!safe_relative_path(c.path)) return "refusing to write '" + std::string(c.path) + "' under " + st.root;
    auto e = st.entries.find(c.path);
    if (c.kind == Change::Kind::Create && e != st.entries.end()) {
      return "refusing to create '" + join(st.root, c.path) + "': it exists";
    }
    if (c.kind != Change::Kind::Create) dropped.emplace(c.path);
    if (c.kind != Change::Kind::Remove) writes.emplace_back(c.path, c.after);
  }
  const std::optional<std::string> changed_manifest = final_manifest(st, p);
  const std::string& manifest = changed_manifest ? *changed_manifest : st.manifest_planned;
  bool manifest_changed = manifest != st.manifest_on_disk || !st.entries.count(kManifest);
  if (writes.empty() && dropped.empty() && !manifest_changed) return {};  // nothing to do: touch nothing
  if (manifest_changed) dropped.insert(kManifest);

  // Folders of the new tree: those holding a file (made as their files are staged), and those that were
  // empty before.
  std::set<std::string> empty_dirs, non_empty;
  std::vector<const std::pair<const std::string, Entry>*> carried;  // the key is the path
  ParentFolders non_empty_parents(non_empty);
  for (const auto& [path, e] : st.entries) non_empty_parents.add(path);
  for (const auto& entry : st.entries) {
    const auto& [path, e] = entry;
    if (e.type == Entry::Type::Dir) {
      if (!non_empty.count(path)) empty_dirs.insert(path);
      continue;
    }
    if (dropped.count(path)) continue;
    if (e.type == Entry::Type::Other) {
      return "cannot keep '" + join(st.root, path) +
             "': it is not a file, folder or symbolic link; move it out of the output folder";
    }
    carried.push_back(&entry);
  }

  if (!st.stage_error.empty()) return st.stage_error;
  if (st.stage.path().empty()) {
    if (auto err = st.stage.open(st.root, disk); !err.empty()) return err;
  }
  const std::string& stage = st.stage.path();

  StageFolders serial(st, stage, disk);
  for (const auto& d : empty_dirs) {
    if (auto err = serial.folder(d); !err.empty()) return err;
  }
  const unsigned threads = std::max(1u, disk.parallel_calls());
  std::vector<StageFolders> folders(threads, StageFolders(st, stage, disk));
  std::string err = for_all_slices(carried, threads, [&](const std::pair<const std::string, Entry>* c, unsigned slice) {
    const std::string& path = c->first;
    if (auto err = folders[slice].above(path); !err.empty()) return err;
    return c->second.type == Entry::Type::Symlink ? disk.copy_symlink(join(st.root, path), join(stage, path))
                                                  : disk.link(join(st.root, path), join(stage, path));
  });
  if (!err.empty()) return err;
  for (auto& f : folders) f.forget();  // the next pass cuts its slices elsewhere
  // A Stream wrote them as they were made (they still counted above: a streamed plan whose only change is a
  // file the developer owns, which the manifest does not list, has something to do).
  if (st.streamed) writes.clear();
  err = for_all_slices(writes, threads, [&](const std::pair<std::string_view, std::string_view>& w, unsigned slice) {
    if (auto err = folders[slice].above(w.first); !err.empty()) return err;
    return disk.write_new(join(stage, w.first), w.second);
  });
  if (!err.empty()) return err;
  if (manifest_changed) {
    if (auto err = disk.write_new(join(stage, kManifest), manifest); !err.empty()) return err;
  }

  if (auto err = disk.swap(stage, st.root); !err.empty()) return err;
  return {};
}

}  // namespace

std::string apply(const Plan& p, Disk& disk) {
  if (!p.state) return "the plan was not made by sink::plan";
  std::string err = stage_and_swap(p, *p.state, disk);
  // After a swap the stage holds the previous tree (or nothing, on a first build); after a failure, what
  // was staged. A failure to remove it loses nothing: the next build removes it.
  p.state->stage.clear();
  return err;
}

}  // namespace slipway::sink
