// The file system seam of the sink. Every operation the sink performs on disk goes through this interface,
// so tests can inject a failure at any step (see tests/unit/sink_atomic_test.cc).
//
// The sink never edits the output folder in place: it stages a complete new tree in a sibling folder and
// swaps it in with one rename. The operations below are what that needs; none of them follows a symbolic
// link below the folder it is given.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::sink {

struct Entry {
  enum class Type { File, Dir, Symlink, Other };
  std::string path;  // relative to the scanned root, '/'-separated
  Type type = Type::File;
  unsigned mode = 0;  // permission bits of a folder (a scan need not read those of other entries)
};

// Something the process holds until it is destroyed (a lock).
using Held = std::shared_ptr<void>;

// A regular file opened for reading in parts (Disk::open_read).
class ReadFile {
 public:
  virtual ~ReadFile() = default;
  // Up to `n` bytes from `offset` on, into `into`: fewer only at the end of the file. nullopt when the
  // file cannot be read.
  virtual std::optional<std::size_t> read_at(std::uint64_t offset, char* into, std::size_t n) = 0;
};

// A new file written in parts (Disk::create_new).
class NewFile {
 public:
  virtual ~NewFile() = default;
  // Each returns "" on success or a message naming the path and the reason.
  virtual std::string write(std::string_view part) = 0;
  virtual std::string finish() = 0;  // the file is complete (and closed)
};

class Disk {
 public:
  virtual ~Disk() = default;

  // The bytes of a regular file; nullopt when `path` is missing, a symbolic link or not a regular file.
  virtual std::optional<std::string> read(const std::string& path) = 0;
  // Every entry below `root` (folders included, symbolic links listed but not followed), sorted by path.
  // Empty when `root` is not a folder.
  virtual std::vector<Entry> scan(const std::string& root) = 0;
  // `path` made absolute, with symbolic links in it resolved (the part that exists) and without '.' or
  // '..'. "" when it cannot be resolved.
  virtual std::string resolve(const std::string& path) = 0;
  // Names of the entries of folder `dir` that start with `prefix` (not recursive).
  virtual std::vector<std::string> names(const std::string& dir, const std::string& prefix) = 0;

  // Each of the following returns "" on success or a message naming the path and the reason.
  // Creates `path` and its missing parents.
  virtual std::string make_dirs(const std::string& path, unsigned mode) = 0;
  // Asks the file system to place the folders made inside the folder `dir` apart from one another and from
  // `dir`: on ext2, ext3 and ext4, the "top of a hierarchy" attribute (`chattr +T`), which their inode
  // allocator reads when it picks a block group for a new folder. A hint: no error is reported, and this
  // form does nothing. (docs/performance.md, "The disk": why a build asks it.)
  virtual void spread_subfolders(const std::string& dir);
  // Creates the new file `path` (which must not exist) with `content`.
  virtual std::string write_new(const std::string& path, std::string_view content) = 0;
  // `path` opened for reading in parts; nullptr where `read` gives nullopt. This form reads it whole.
  virtual std::unique_ptr<ReadFile> open_read(const std::string& path);
  // The new file `path` (which must not exist), written in parts; nullptr, with `error` set, when it cannot
  // be created. This form keeps the parts and writes them with write_new when finished.
  virtual std::unique_ptr<NewFile> create_new(const std::string& path, std::string& error);
  // Makes `to` the same file as `from` (a hard link: inode and modification time stay). Falls back to a
  // copy that keeps the modification time where the file system has no hard links.
  virtual std::string link(const std::string& from, const std::string& to) = 0;
  // Creates `to` as a symbolic link with the same target as the link `from`.
  virtual std::string copy_symlink(const std::string& from, const std::string& to) = 0;
  // Atomically puts the folder `staged` at `target`. When `target` exists, the two are exchanged (the
  // old tree is then at `staged`); otherwise `staged` is renamed, failing if `target` appeared meanwhile.
  virtual std::string swap(const std::string& staged, const std::string& target) = 0;
  // Removes `path` and everything below it, without following symbolic links. Missing is not an error.
  virtual std::string remove_tree(const std::string& path) = 0;
  // Removes the folder `path` if it is empty (and only then).
  virtual std::string remove_empty_folder(const std::string& path) = 0;
  // Takes an exclusive lock on the folder `dir`, waiting for other holders (up to `timeout_ms`), and
  // keeps it while `held` lives. When the folder is replaced while waiting, locks the new one. Leaves
  // `held` empty and returns "" when `dir` does not exist.
  virtual std::string lock(const std::string& dir, Held& held, int timeout_ms) = 0;

  // How many threads may call read, write_new, open_read, create_new, link, copy_symlink and remove_tree at
  // once (on different paths). The sink reads back and stages trees of thousands of files; the kernel's
  // work per file is most of a build.
  virtual unsigned parallel_calls() const { return 1; }
};

std::unique_ptr<Disk> real_disk();

}  // namespace slipway::sink
