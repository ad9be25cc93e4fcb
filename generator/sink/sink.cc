// Planning: what a build would change in the output folder, read under the folder's lock.
#include "sink/sink.h"

#include <algorithm>
#include <set>

#include "sink/manifest.h"
#include "sink/parallel.h"
#include "sink/state.h"

namespace slipway::sink {

bool safe_relative_path(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  std::size_t seg_start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i < path.size()) {
      unsigned char c = static_cast<unsigned char>(path[i]);
      if (c < 0x20 || c == 0x7f || c == '\\') return false;  // NUL, newlines, escapes, Windows separators
      if (c != '/') continue;
    }
    std::size_t len = i - seg_start;
    if (len == 0 || len > 255) return false;
    if ((len == 1 && path[seg_start] == '.') || (len == 2 && path.compare(seg_start, 2, "..") == 0)) return false;
    seg_start = i + 1;
  }
  return true;
}

std::pair<std::string, std::string> split_parent(const std::string& abs) {
  auto slash = abs.find_last_of('/');
  if (slash == std::string::npos) return {".", abs};
  return {slash == 0 ? "/" : abs.substr(0, slash), abs.substr(slash + 1)};
}

std::string sibling_prefix(const std::string& name) { return "." + name + ".slipway-"; }

std::string join(const std::string& root, const std::string& rel) {
  return root.back() == '/' ? root + rel : root + "/" + rel;
}

std::size_t shared_folders(std::string_view dir, std::string_view other) {
  std::size_t common = 0;
  while (common < dir.size() && common < other.size() && dir[common] == other[common]) ++common;
  if ((common == dir.size() || dir[common] == '/') && (common == other.size() || other[common] == '/')) return common;
  const std::size_t slash = dir.substr(0, common).rfind('/');
  return slash == std::string_view::npos ? 0 : slash;
}

namespace {

// Where the output set itself is inconsistent: a path that is also the folder of another path. A path in
// the same folder as the one before it (in path order, most are) has the same answer, and of a new folder
// only the folders it does not share with the one before are looked up: those were, and the first file
// among them (if any) is remembered.
std::set<std::string> folder_clashes(const base::OutputSet& files) {
  std::set<std::string> out;
  std::string_view last_folder;
  std::size_t clash_end = std::string_view::npos;  // the length of the last folder's ancestor that is a file
  bool first = true;
  for (const auto& [path, f] : files) {
    const std::string_view p = path;
    const std::size_t slash = p.rfind('/');
    const std::string_view folder = p.substr(0, slash == std::string_view::npos ? 0 : slash);
    if (first || folder != last_folder) {
      const std::size_t shared = first ? 0 : shared_folders(folder, last_folder);
      first = false;
      last_folder = folder;
      if (clash_end != std::string_view::npos && clash_end > shared) clash_end = std::string_view::npos;
      if (clash_end == std::string_view::npos) {
        for_each_folder_after(folder, shared, [&](std::string_view ancestor) {
          if (files.find(ancestor) == files.end()) return true;
          clash_end = ancestor.size();
          return false;
        });
      }
    }
    if (clash_end != std::string_view::npos) out.insert(path);
  }
  return out;
}

// True when writing `path` would go through something on disk that is not a folder (a link, a file), or
// would replace something that is not a regular file.
bool blocked_on_disk(const std::map<std::string, Entry, std::less<>>& entries, const std::string& path, bool owned) {
  const std::string_view p = path;
  for (auto i = p.find('/'); i != std::string_view::npos; i = p.find('/', i + 1)) {
    auto it = entries.find(p.substr(0, i));
    if (it != entries.end() && it->second.type != Entry::Type::Dir) return true;
  }
  auto it = entries.find(path);
  if (it == entries.end()) return false;
  if (owned) return it->second.type == Entry::Type::Dir || it->second.type == Entry::Type::Other;
  return it->second.type != Entry::Type::File;
}

// True when `current` is what the previous build wrote, by the hash its manifest recorded.
bool unedited(const PlanState& st, const std::string& recorded, const std::string& current) {
  return st.old_algorithm != HashAlgorithm::Unknown && recorded == content_hash(current, st.old_algorithm);
}

// After a crash between the two renames of a swap on a file system without RENAME_EXCHANGE, the folder is
// missing and its previous tree waits beside it: put it back.
void recover_interrupted_swap(PlanState& st, Disk& disk) {
  auto [parent, name] = split_parent(st.root);
  for (const auto& n : disk.names(parent, sibling_prefix(name))) {
    auto same = disk.names(parent, name);
    if (std::find(same.begin(), same.end(), name) != same.end()) return;
    if (n.size() > 5 && n.compare(n.size() - 5, 5, ".prev") == 0) {
      if (disk.swap(join(parent, n), st.root).empty()) return;
    }
  }
}

}  // namespace

Plan plan(const base::OutputSet& files, const std::string& root, Disk& disk, const Options& options) {
  Plan p;
  p.state = std::make_shared<PlanState>();
  PlanState& st = *p.state;
  st.root = disk.resolve(root);
  if (st.root.empty() || st.root == "/") {
    st.error = "cannot use '" + root + "' as the output folder";
    st.root.clear();
  } else {
    recover_interrupted_swap(st, disk);
    st.error = disk.lock(st.root, st.lock, options.lock_timeout_ms);
    for (auto& e : disk.scan(st.root)) st.entries.emplace(e.path, std::move(e));
    st.exists = st.lock != nullptr || !st.entries.empty();
  }

  auto manifest_entry = st.entries.find(kManifest);
  if (manifest_entry != st.entries.end() && manifest_entry->second.type == Entry::Type::File) {
    if (auto m = disk.read(join(st.root, kManifest))) {
      st.manifest_on_disk = *m;
      Manifest old = parse_manifest(*m);
      st.old_algorithm = old.algorithm;
      st.old_hashes = std::move(old.files);
    }
  }

  std::set<std::string> clashes = folder_clashes(files);
  std::map<std::string, std::string>& new_hashes = st.new_hashes;
  auto read_current = [&](const std::string& path) -> std::optional<std::string> {
    auto it = st.entries.find(path);
    if (st.root.empty() || it == st.entries.end() || it->second.type != Entry::Type::File) return std::nullopt;
    return disk.read(join(st.root, path));
  };

  // Generated files are hashed, read back and compared on several threads (a rebuild reads every one of
  // them); what each comparison found is then recorded in path order.
  // A file the developer owns that does not exist yet is created; it is listed here too, in its place, so
  // that the changes come out in path order.
  struct Compared {
    const std::string* path;
    const base::OutputFile* file;
    bool owned_new = false;
    std::string hash;
    std::optional<std::string> changed_from;  // the content on disk, when it exists and differs
    bool exists = false;
    bool hand_edited = false;
  };
  std::vector<Compared> generated;
  generated.reserve(files.size());
  for (const auto& [path, f] : files) {
    bool owned = f.ownership == base::Ownership::Owned;
    if (path == kManifest || !safe_relative_path(path) || clashes.count(path) ||
        blocked_on_disk(st.entries, path, owned)) {
      p.unsafe_paths.push_back(path);
      continue;
    }
    if (!owned) {
      generated.push_back({&path, &f, false, "", std::nullopt});
    } else if (st.entries.count(path)) {
      p.owned_kept.push_back(path);
    } else {
      generated.push_back({&path, &f, true, "", std::nullopt});
    }
  }
  std::string err = for_all(generated, disk.parallel_calls(), [&](Compared& c) {
    if (c.owned_new) return std::string{};
    c.hash = content_hash(c.file->content);
    std::optional<std::string> current = read_current(*c.path);
    c.exists = current.has_value();
    if (!current || *current == c.file->content) return std::string{};
    auto old = st.old_hashes.find(*c.path);
    c.hand_edited = old != st.old_hashes.end() && !unedited(st, old->second, *current);
    c.changed_from = std::move(current);
    return std::string{};
  });
  (void)err;  // the comparisons report nothing; a file that cannot be read counts as missing
  p.changes.reserve(generated.size() + 1);  // and the manifest
  for (auto& c : generated) {
    if (c.owned_new) {
      p.changes.push_back({Change::Kind::Create, *c.path, "", c.file->content});
      continue;
    }
    new_hashes.emplace_hint(new_hashes.end(), *c.path, std::move(c.hash));  // in path order: each goes last
    if (!c.exists) {
      p.changes.push_back({Change::Kind::Create, *c.path, "", c.file->content});
    } else if (!c.changed_from) {
      p.unchanged.push_back(*c.path);
    } else {
      if (c.hand_edited) p.hand_edited.push_back(*c.path);
      p.changes.push_back({Change::Kind::Update, *c.path, std::move(*c.changed_from), c.file->content});
    }
  }
  generated.clear();
  const std::size_t writes_end = p.changes.size();
  for (auto& [path, hash] : st.old_hashes) {
    if (files.count(path) || !safe_relative_path(path)) continue;
    std::optional<std::string> current = read_current(path);
    if (!current) continue;
    if (!unedited(st, hash, *current)) {
      p.hand_edited.push_back(path);  // never delete a file someone changed
      continue;
    }
    hash = content_hash(*current);  // in this build's algorithm, should a caller keep the file
    p.changes.push_back({Change::Kind::Remove, path, std::move(*current), ""});
  }

  // The writes came in path order and the removals (in path order too) after them: one merge sorts them.
  auto by_path = [](const Change& a, const Change& b) { return a.path < b.path; };
  std::inplace_merge(p.changes.begin(), p.changes.begin() + static_cast<std::ptrdiff_t>(writes_end), p.changes.end(),
                     by_path);

  st.manifest_planned = manifest_text(new_hashes);
  const std::string& manifest = st.manifest_planned;
  auto add_in_place = [&](Change c) {
    p.changes.insert(std::upper_bound(p.changes.begin(), p.changes.end(), c, by_path), std::move(c));
  };
  if (manifest_entry == st.entries.end()) {
    add_in_place({Change::Kind::Create, kManifest, "", manifest});
  } else if (st.manifest_on_disk != manifest) {
    add_in_place({Change::Kind::Update, kManifest, st.manifest_on_disk, manifest});
  } else {
    p.unchanged.push_back(kManifest);
  }
  std::sort(p.hand_edited.begin(), p.hand_edited.end());
  std::sort(p.unchanged.begin(), p.unchanged.end());
  return p;
}

}  // namespace slipway::sink
