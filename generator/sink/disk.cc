#include "sink/disk.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "sink/parallel.h"

namespace slipway::sink {

namespace fs = std::filesystem;

namespace {

std::string failure(const char* what, const std::string& path, int err) {
  return std::string("cannot ") + what + " '" + path + "': " + std::strerror(err);
}

// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string write_all(int fd, std::string_view content) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::strerror(errno);
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

// Removes the entry `name` of the folder `dir` and, for a folder, everything below it (no link following).
int remove_at(int dir, const char* name) {
  if (::unlinkat(dir, name, 0) == 0 || errno == ENOENT) return 0;
  if (errno != EISDIR && errno != EPERM) return errno;
  int sub = ::openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (sub < 0) return errno;
  DIR* d = ::fdopendir(sub);
  if (!d) {
    int e = errno;
    ::close(sub);
    return e;
  }
  int err = 0;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    if (int r = remove_at(::dirfd(d), e->d_name); r != 0 && err == 0) err = r;
  }
  ::closedir(d);
  if (err) return err;
  if (::unlinkat(dir, name, AT_REMOVEDIR) != 0 && errno != ENOENT) return errno;
  return 0;
}

Entry::Type type_of(mode_t m) {
  if (S_ISREG(m)) return Entry::Type::File;
  if (S_ISDIR(m)) return Entry::Type::Dir;
  if (S_ISLNK(m)) return Entry::Type::Symlink;
  return Entry::Type::Other;
}

void scan_dir(int dir, const std::string& prefix, std::vector<Entry>& out) {
  DIR* d = ::fdopendir(dir);
  if (!d) {
    ::close(dir);
    return;
  }
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    std::string rel = prefix.empty() ? std::string(e->d_name) : prefix + "/" + e->d_name;
    // The listing gives the type on ext4, tmpfs, xfs and btrfs: a file or link needs no stat of its own
    // (a rebuild of N=10,000 listed 120,000 entries). Folders are asked for their permissions, which a
    // rebuild gives the folder it makes again, and entries the listing does not type for their type.
    Entry entry{rel, Entry::Type::Other, 0};
    if (e->d_type == DT_REG) {
      entry.type = Entry::Type::File;
    } else if (e->d_type == DT_LNK) {
      entry.type = Entry::Type::Symlink;
    } else if (e->d_type == DT_DIR || e->d_type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      entry.type = type_of(st.st_mode);
      entry.mode = static_cast<unsigned>(st.st_mode & 07777);
    }
    out.push_back(entry);
    if (entry.type == Entry::Type::Dir) {
      int sub = ::openat(::dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0) scan_dir(sub, rel, out);
    }
  }
  ::closedir(d);
}

// A file read whole, served in parts (Disk::open_read's own form).
class TextReadFile final : public ReadFile {
 public:
  explicit TextReadFile(std::string text) : text_(std::move(text)) {}
  std::optional<std::size_t> read_at(std::uint64_t offset, char* into, std::size_t n) override {
    if (offset >= text_.size()) return 0;
    const std::size_t got = std::min<std::size_t>(n, text_.size() - static_cast<std::size_t>(offset));
    std::memcpy(into, text_.data() + offset, got);
    return got;
  }

 private:
  std::string text_;
};

// Parts kept until finished, then written with write_new (Disk::create_new's own form).
class JoinedNewFile final : public NewFile {
 public:
  JoinedNewFile(Disk& disk, std::string path) : disk_(disk), path_(std::move(path)) {}
  std::string write(std::string_view part) override {
    text_ += part;
    return {};
  }
  std::string finish() override { return disk_.write_new(path_, text_); }

 private:
  Disk& disk_;
  std::string path_;
  std::string text_;
};

// A regular file read through its descriptor.
class FdReadFile final : public ReadFile {
 public:
  explicit FdReadFile(int fd) : fd_(fd) {}
  std::optional<std::size_t> read_at(std::uint64_t offset, char* into, std::size_t n) override {
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::pread(fd_.fd, into + got, n - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return std::nullopt;
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    return got;
  }

 private:
  Fd fd_;
};

// A new file written through its descriptor, part by part.
class FdNewFile final : public NewFile {
 public:
  FdNewFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  std::string write(std::string_view part) override {
    if (auto msg = write_all(fd_.fd, part); !msg.empty()) return "cannot write '" + path_ + "': " + msg;
    return {};
  }
  std::string finish() override {
    int fd = fd_.fd;
    fd_.fd = -1;
    return ::close(fd) == 0 ? std::string{} : failure("write", path_, errno);
  }

 private:
  Fd fd_;
  std::string path_;
};

struct Lock {
  explicit Lock(int f) : fd(f) {}
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;
  ~Lock() { ::close(fd); }
  int fd;
};

class RealDisk final : public Disk {
 public:
  // Every operation is a system call on its own paths: safe from several threads.
  unsigned parallel_calls() const override { return std::clamp(std::thread::hardware_concurrency(), 1u, 4u); }

  std::optional<std::string> read(const std::string& path) override {
    Fd f(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (f.fd < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    // Room for one byte more than fstat's size: a read that stops short of filling it, having reached that
    // size, has met the end of the file, which then needs no second read (nor a larger buffer) to show it.
    const auto size = static_cast<std::size_t>(st.st_size);
    std::string out;
    out.resize(size + 1);
    std::size_t got = 0;
    for (;;) {
      if (got == out.size()) out.resize(out.size() + 4096);  // the file grew since fstat
      const std::size_t asked = out.size() - got;
      ssize_t n = ::read(f.fd, out.data() + got, asked);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return std::nullopt;
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
      if (static_cast<std::size_t>(n) < asked && got == size) break;
    }
    out.resize(got);
    return out;
  }

  std::unique_ptr<ReadFile> open_read(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return nullptr;
    auto file = std::make_unique<FdReadFile>(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
    return file;
  }

  std::vector<Entry> scan(const std::string& root) override {
    std::vector<Entry> out;
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return out;
    scan_dir(fd, "", out);
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
    return out;
  }

  std::string resolve(const std::string& path) override {
    std::error_code ec;
    fs::path abs = fs::absolute(path.empty() ? fs::path(".") : fs::path(path), ec);
    if (ec) return {};
    fs::path canon = fs::weakly_canonical(abs, ec);
    if (ec) return {};
    std::string s = canon.lexically_normal().string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
  }

  std::vector<std::string> names(const std::string& dir, const std::string& prefix) override {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != ".." && n.rfind(prefix, 0) == 0) out.push_back(n);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string make_dirs(const std::string& path, unsigned mode) override {
    // mkdir first: staging a tree creates folders whose parents exist, one call each.
    if (::mkdir(path.c_str(), mode) == 0) return {};
    if (errno == ENOENT) {
      auto slash = path.find_last_of('/');
      if (slash == std::string::npos || slash == 0) return failure("create folder", path, ENOENT);
      if (auto err = make_dirs(path.substr(0, slash), 0777); !err.empty()) return err;
      if (::mkdir(path.c_str(), mode) == 0) return {};
    }
    if (errno != EEXIST) return failure("create folder", path, errno);
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return failure("create folder", path, errno);
    return S_ISDIR(st.st_mode) ? std::string{} : failure("create folder", path, ENOTDIR);
  }

  void spread_subfolders(const std::string& dir) override {
    Fd f(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    int flags = 0;  // the kernel reads and writes an int here, whatever the ioctl's declared type
    if (f.fd < 0 || ::ioctl(f.fd, FS_IOC_GETFLAGS, &flags) != 0 || (flags & FS_TOPDIR_FL) != 0) return;
    flags |= FS_TOPDIR_FL;
    ::ioctl(f.fd, FS_IOC_SETFLAGS, &flags);  // EOPNOTSUPP where the file system has no such attribute
  }

  std::string write_new(const std::string& path, std::string_view content) override {
    std::string err;
    std::unique_ptr<NewFile> file = create_new(path, err);
    if (!file) return err;
    if (err = file->write(content); !err.empty()) return err;
    return file->finish();
  }

  std::unique_ptr<NewFile> create_new(const std::string& path, std::string& error) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
      error = failure("write", path, errno);
      return nullptr;
    }
    return std::make_unique<FdNewFile>(fd, path);
  }

  std::string link(const std::string& from, const std::string& to) override {
    if (::link(from.c_str(), to.c_str()) == 0) return {};
    if (errno != EPERM && errno != EXDEV && errno != EMLINK && errno != ENOTSUP && errno != ENOSYS) {
      return failure("link", to, errno);
    }
    // No hard links here: copy, keeping the permission bits and the modification time.
    struct stat st {};
    if (::lstat(from.c_str(), &st) != 0) return failure("read", from, errno);
    std::optional<std::string> content = read(from);
    if (!content) return failure("read", from, EIO);
    if (auto err = write_new(to, *content); !err.empty()) return err;
    ::chmod(to.c_str(), st.st_mode & 07777);
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    if (::utimensat(AT_FDCWD, to.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) return failure("set the time of", to, errno);
    return {};
  }

  std::string copy_symlink(const std::string& from, const std::string& to) override {
    std::string target(4096, '\0');
    ssize_t n = ::readlink(from.c_str(), target.data(), target.size());
    if (n < 0) return failure("read the link", from, errno);
    target.resize(static_cast<std::size_t>(n));
    if (::symlink(target.c_str(), to.c_str()) != 0) return failure("create the link", to, errno);
    return {};
  }

  std::string swap(const std::string& staged, const std::string& target) override {
    struct stat st {};
    if (::lstat(target.c_str(), &st) != 0) {
      if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return {};
      if (errno != EINVAL && errno != ENOSYS) return failure("create", target, errno);
      if (::lstat(target.c_str(), &st) == 0) return failure("create", target, EEXIST);
      if (::rename(staged.c_str(), target.c_str()) != 0) return failure("create", target, errno);
      return {};
    }
    if (!S_ISDIR(st.st_mode)) return failure("replace", target, ENOTDIR);
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) return {};
    if (errno != EINVAL && errno != ENOSYS) return failure("replace", target, errno);
    // A file system without RENAME_EXCHANGE: two renames. Between them `target` is missing and the old
    // tree waits at `<staged>.prev`; the sink puts it back if the process dies there (see sink.cc).
    std::string prev = staged + ".prev";
    if (::rename(target.c_str(), prev.c_str()) != 0) return failure("replace", target, errno);
    if (::rename(staged.c_str(), target.c_str()) != 0) {
      int e = errno;
      ::rename(prev.c_str(), target.c_str());
      return failure("replace", target, e);
    }
    if (::rename(prev.c_str(), staged.c_str()) != 0) return failure("move", prev, errno);
    return {};
  }

  std::string remove_empty_folder(const std::string& path) override {
    return ::rmdir(path.c_str()) == 0 ? std::string{} : failure("remove", path, errno);
  }

  // A replaced tree holds thousands of files: the folders of its first levels are listed here and what is
  // below them is removed on several threads; then those folders, deepest first.
  std::string remove_tree(const std::string& path) override {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT ? std::string{} : failure("remove", path, errno);
    if (!S_ISDIR(st.st_mode)) {
      if (int e = remove_at(AT_FDCWD, path.c_str()); e != 0) return failure("remove", path, e);
      return {};
    }
    constexpr int kLevels = 3;
    std::vector<std::string> dirs{path};  // listed folders, parents before children
    std::vector<std::string> items;       // what is below them: files, links and deeper folders
    std::size_t level_begin = 0;
    for (int level = 0; level < kLevels && level_begin < dirs.size(); ++level) {
      const std::size_t level_end = dirs.size();
      for (std::size_t i = level_begin; i < level_end; ++i) {
        DIR* d = ::opendir(dirs[i].c_str());
        if (!d) continue;  // gone, or not a folder any more: remove_at below reports what matters
        while (dirent* e = ::readdir(d)) {
          if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
          std::string child = dirs[i] + "/" + e->d_name;
          bool is_dir = e->d_type == DT_DIR;
          if (e->d_type == DT_UNKNOWN) {
            struct stat cs {};
            is_dir = ::lstat(child.c_str(), &cs) == 0 && S_ISDIR(cs.st_mode);
          }
          (is_dir && level + 1 < kLevels ? dirs : items).push_back(std::move(child));
        }
        ::closedir(d);
      }
      level_begin = level_end;
    }
    std::string err = for_all(items, parallel_calls(), [&](const std::string& item) {
      int e = remove_at(AT_FDCWD, item.c_str());
      return e == 0 ? std::string{} : failure("remove", item, e);
    });
    if (!err.empty()) return err;
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
      if (::rmdir(it->c_str()) != 0 && errno != ENOENT) return failure("remove", *it, errno);
    }
    return {};
  }

  std::string lock(const std::string& dir, Held& held, int timeout_ms) override {
    held.reset();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return errno == ENOENT ? std::string{} : failure("lock", dir, errno);
      auto lock = std::make_shared<Lock>(fd);
      if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) return failure("lock", dir, errno);
        if (std::chrono::steady_clock::now() >= deadline) {
          return "cannot lock '" + dir + "': another slipway build is writing it";
        }
        lock.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      // The folder may have been swapped for a new tree while we waited: lock the one now at `dir`.
      struct stat mine {}, now {};
      if (::fstat(fd, &mine) == 0 && ::stat(dir.c_str(), &now) == 0 && mine.st_ino == now.st_ino &&
          mine.st_dev == now.st_dev) {
        held = lock;
        return {};
      }
      if (std::chrono::steady_clock::now() >= deadline) return "cannot lock '" + dir + "': it keeps changing";
    }
  }
};

}  // namespace

std::unique_ptr<ReadFile> Disk::open_read(const std::string& path) {
  std::optional<std::string> text = read(path);
  if (!text) return nullptr;
  return std::make_unique<TextReadFile>(std::move(*text));
}

void Disk::spread_subfolders(const std::string&) {}

std::unique_ptr<NewFile> Disk::create_new(const std::string& path, std::string&) {
  return std::make_unique<JoinedNewFile>(*this, path);
}

std::unique_ptr<Disk> real_disk() { return std::make_unique<RealDisk>(); }

}  // namespace slipway::sink
