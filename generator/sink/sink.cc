// Planning: what a build would change in the output folder, read under the folder's lock.
#include "sink/sink.h"

#include <algorithm>
#include <stdexcept>

#include "sink/manifest.h"
#include "sink/parallel.h"
#include "sink/state.h"

namespace slipway::sink {

bool safe_relative_path(std::string_view path) {
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

std::string join(const std::string& root, std::string_view rel) {
  std::string out;
  out.reserve(root.size() + 1 + rel.size());
  out += root;
  if (root.back() != '/') out += '/';
  out += rel;
  return out;
}

HashDigits HashDigits::of(std::string_view hex) {
  HashDigits h;
  if (hex.size() != h.digits.size()) {
    throw std::logic_error("sink: a content hash of " + std::to_string(hex.size()) + " digits");
  }
  std::copy(hex.begin(), hex.end(), h.digits.begin());
  return h;
}

std::size_t shared_folders(std::string_view dir, std::string_view other) {
  std::size_t common = 0;
  while (common < dir.size() && common < other.size() && dir[common] == other[common]) ++common;
  if ((common == dir.size() || dir[common] == '/') && (common == other.size() || other[common] == '/')) return common;
  const std::size_t slash = dir.substr(0, common).rfind('/');
  return slash == std::string_view::npos ? 0 : slash;
}

namespace {

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
bool unedited(const PlanState& st, const std::string& recorded, const HashNow& hash_now) {
  return st.old_algorithm != HashAlgorithm::Unknown && recorded == hash_now(st.old_algorithm);
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

std::vector<bool> folder_clashes(const std::vector<std::string_view>& sorted) {
  // A path in the same folder as the one before it (in path order, most are) has the same answer, and of
  // a new folder only the folders it does not share with the one before are looked up: those were, and
  // the first file among them (if any) is remembered.
  std::vector<bool> out(sorted.size());
  auto is_path = [&](std::string_view p) { return std::binary_search(sorted.begin(), sorted.end(), p); };
  std::string_view last_folder;
  std::size_t clash_end = std::string_view::npos;  // the length of the last folder's ancestor that is a file
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const std::string_view p = sorted[i];
    const std::size_t slash = p.rfind('/');
    const std::string_view folder = p.substr(0, slash == std::string_view::npos ? 0 : slash);
    if (i == 0 || folder != last_folder) {
      const std::size_t shared = i == 0 ? 0 : shared_folders(folder, last_folder);
      last_folder = folder;
      if (clash_end != std::string_view::npos && clash_end > shared) clash_end = std::string_view::npos;
      if (clash_end == std::string_view::npos) {
        for_each_folder_after(folder, shared, [&](std::string_view ancestor) {
          if (!is_path(ancestor)) return true;
          clash_end = ancestor.size();
          return false;
        });
      }
    }
    out[i] = clash_end != std::string_view::npos;
  }
  return out;
}

bool judge_path(const PlanState& st, const std::string& path, base::Ownership ownership, Judged& j,
                std::string& compare_with) {
  const bool owned = ownership == base::Ownership::Owned;
  if (path == kManifest || !safe_relative_path(path) || blocked_on_disk(st.entries, path, owned)) return false;
  auto it = st.entries.find(path);
  const bool on_disk = it != st.entries.end();
  if (owned) {
    j.kind = on_disk ? Judged::Kind::OwnedKept : Judged::Kind::OwnedNew;
    return false;
  }
  compare_with.clear();
  if (!st.root.empty() && on_disk && it->second.type == Entry::Type::File) compare_with = join(st.root, path);
  return true;
}

bool edited_by_hand(const PlanState& st, const std::string& path, const HashNow& hash_now) {
  auto old = st.old_hashes.find(path);
  return old != st.old_hashes.end() && !unedited(st, old->second, hash_now);
}

Judged judge(const PlanState& st, const std::string& path, std::string_view content, base::Ownership ownership,
             Disk& disk) {
  Judged j;
  std::string compare_with;
  if (!judge_path(st, path, ownership, j, compare_with)) return j;
  j.hash = content_hash(content);
  std::optional<std::string> current;
  if (!compare_with.empty()) current = disk.read(compare_with);
  if (!current) {
    j.kind = Judged::Kind::Create;  // a file that cannot be read counts as missing
  } else if (*current == content) {
    j.kind = Judged::Kind::Unchanged;
  } else {
    j.kind = Judged::Kind::Update;
    j.hand_edited = edited_by_hand(st, path, [&](HashAlgorithm a) { return content_hash(*current, a); });
    j.before = std::move(current);
  }
  return j;
}

std::shared_ptr<PlanState> read_folder(const std::string& root, Disk& disk, const Options& options) {
  auto state = std::make_shared<PlanState>();
  PlanState& st = *state;
  st.root = disk.resolve(root);
  if (st.root.empty() || st.root == "/") {
    st.error = "cannot use '" + root + "' as the output folder";
    st.root.clear();
  } else {
    recover_interrupted_swap(st, disk);
    st.error = disk.lock(st.root, st.lock, options.lock_timeout_ms);
    // The path moves into the key (first, then the entry is built from the rest): at N=100,000 a rebuild
    // held each of a million paths twice.
    for (auto& e : disk.scan(st.root)) st.entries.emplace(std::move(e.path), std::move(e));
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
  return state;
}

void record(Plan& p, PlanState& st, const std::string& path, Judged&& j, std::string_view after) {
  using K = Judged::Kind;
  switch (j.kind) {
    case K::Unsafe:
      p.unsafe_paths.push_back(path);
      return;
    case K::OwnedKept:
      p.owned_kept.push_back(path);
      return;
    case K::OwnedNew:
      p.changes.push_back({Change::Kind::Create, path, "", after});
      return;
    case K::Create:
    case K::Unchanged:
    case K::Update:
      break;
  }
  st.new_hashes.push_back({path, HashDigits::of(j.hash)});
  if (j.kind == K::Create) {
    p.changes.push_back({Change::Kind::Create, path, "", after});
  } else if (j.kind == K::Unchanged) {
    p.unchanged.push_back(path);
  } else {
    if (j.hand_edited) p.hand_edited.push_back(path);
    p.changes.push_back({Change::Kind::Update, path, j.before ? std::move(*j.before) : std::string{}, after});
  }
}

void finish_plan(Plan& p, PlanState& st, Disk& disk) {
  const std::size_t writes_end = p.changes.size();
  for (auto& [path, hash] : st.old_hashes) {
    if (st.builds(path) || !safe_relative_path(path)) continue;
    auto e = st.entries.find(path);
    if (st.root.empty() || e == st.entries.end() || e->second.type != Entry::Type::File) continue;
    std::optional<std::string> current = disk.read(join(st.root, path));
    if (!current) continue;
    if (!unedited(st, hash, [&](HashAlgorithm a) { return content_hash(*current, a); })) {
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

  auto hash_by_path = [](const PlanState::NewHash& a, const PlanState::NewHash& b) { return a.path < b.path; };
  if (!std::is_sorted(st.new_hashes.begin(), st.new_hashes.end(), hash_by_path)) {  // recorded in path order
    std::stable_sort(st.new_hashes.begin(), st.new_hashes.end(), hash_by_path);
  }
  ManifestEntries entries;
  entries.reserve(st.new_hashes.size());
  for (const auto& h : st.new_hashes) entries.emplace_back(h.path, h.hash.text());
  st.manifest_planned = manifest_text(entries);
  const std::string& manifest = st.manifest_planned;
  auto add_in_place = [&](Change c) {
    p.changes.insert(std::upper_bound(p.changes.begin(), p.changes.end(), c, by_path), std::move(c));
  };
  auto manifest_entry = st.entries.find(kManifest);
  if (manifest_entry == st.entries.end()) {
    add_in_place({Change::Kind::Create, kManifest, "", manifest});
  } else if (st.manifest_on_disk != manifest) {
    add_in_place({Change::Kind::Update, kManifest, st.manifest_on_disk, manifest});
  } else {
    p.unchanged.push_back(kManifest);
  }
  std::sort(p.hand_edited.begin(), p.hand_edited.end());
  std::sort(p.unchanged.begin(), p.unchanged.end());
}

Plan plan(const base::OutputSet& files, const std::string& root, Disk& disk, const Options& options) {
  Plan p;
  p.state = read_folder(root, disk, options);
  PlanState& st = *p.state;
  // The plan's own copy of the paths, which its changes view: they stay readable when the set is gone.
  st.paths.reserve(files.size());
  for (const auto& entry : files) st.paths.push_back(entry.first);
  st.outputs.assign(st.paths.begin(), st.paths.end());
  const std::vector<bool> clashes = folder_clashes(st.outputs);

  // Files are judged on several threads (a rebuild reads every one of them back), then recorded in path
  // order. A file the developer owns that does not exist yet is created; it is listed among the changes too,
  // in its place, so that they come out in path order.
  struct Item {
    const std::string* path;  // the plan's copy
    const base::OutputFile* file;
    bool clash;
    Judged judged;
  };
  std::vector<Item> items;
  items.reserve(files.size());
  std::size_t i = 0;
  for (const auto& entry : files) {
    items.push_back({&st.paths[i], &entry.second, clashes[i], {}});
    ++i;
  }
  std::string err = for_all(items, disk.parallel_calls(), [&](Item& item) {
    if (!item.clash) item.judged = judge(st, *item.path, item.file->content, item.file->ownership, disk);
    return std::string{};
  });
  (void)err;  // judging reports nothing: a file that cannot be read counts as missing
  p.changes.reserve(items.size() + 1);  // and the manifest
  for (auto& item : items) record(p, st, *item.path, std::move(item.judged), item.file->content);
  items.clear();
  finish_plan(p, st, disk);
  return p;
}

}  // namespace slipway::sink
