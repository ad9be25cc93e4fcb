// The output folder changes all at once or not at all: a failing write at every step, a process killed at
// every step, and concurrent builds into one folder.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sink/sink.h"
#include "sink_ways.h"

namespace slipway::sink {
namespace {

namespace fs = std::filesystem;
using base::Ownership;
using base::OutputSet;

// Everything observable about a tree: path -> type, content or link target, inode and mtime.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  if (!fs::exists(root)) return out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    struct stat st {};
    ::lstat(it->path().c_str(), &st);
    std::string key = it->path().lexically_relative(root).string();
    if (S_ISLNK(st.st_mode)) {
      out[key] = "link " + fs::read_symlink(it->path()).string();
    } else if (S_ISDIR(st.st_mode)) {
      out[key] = "dir";
    } else {
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      out[key] = "file " + std::to_string(st.st_ino) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
                 std::to_string(st.st_mtim.tv_nsec) + " " + ss.str();
    }
  }
  return out;
}

// A Disk that delegates to the real one and fails (or kills the process) at its n-th change.
class FaultyDisk final : public Disk {
 public:
  enum class Mode { Fail, Kill };
  FaultyDisk(int fail_at, Mode mode, unsigned threads = 1) : fail_at_(fail_at), mode_(mode), threads_(threads) {}
  std::atomic<int> calls{0};

  unsigned parallel_calls() const override { return threads_; }
  // The threads that wrote files (the sink stages on several when parallel_calls() allows).
  std::set<std::thread::id> writers() {
    std::lock_guard<std::mutex> lock(mutex_);
    return writers_;
  }

  std::optional<std::string> read(const std::string& p) override { return real_->read(p); }
  std::vector<Entry> scan(const std::string& r) override { return real_->scan(r); }
  std::string resolve(const std::string& p) override { return real_->resolve(p); }
  std::vector<std::string> names(const std::string& d, const std::string& pre) override { return real_->names(d, pre); }
  std::string lock(const std::string& d, Held& h, int t) override { return real_->lock(d, h, t); }
  std::string make_dirs(const std::string& p, unsigned m) override {
    return step() ? "injected failure creating " + p : real_->make_dirs(p, m);
  }
  std::string write_new(const std::string& p, std::string_view c) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      writers_.insert(std::this_thread::get_id());
    }
    if (step()) {
      real_->write_new(p, c.substr(0, c.size() / 2));  // a torn write, then the failure
      return "injected failure writing " + p;
    }
    return real_->write_new(p, c);
  }
  std::string link(const std::string& f, const std::string& t) override {
    return step() ? "injected failure linking " + t : real_->link(f, t);
  }
  std::string copy_symlink(const std::string& f, const std::string& t) override {
    return step() ? "injected failure linking " + t : real_->copy_symlink(f, t);
  }
  std::string swap(const std::string& s, const std::string& t) override {
    return step() ? "injected failure swapping " + t : real_->swap(s, t);
  }
  std::string remove_tree(const std::string& p) override { return real_->remove_tree(p); }
  std::string remove_empty_folder(const std::string& p) override { return real_->remove_empty_folder(p); }
  void spread_subfolders(const std::string& d) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      spread_.insert(d);
    }
    real_->spread_subfolders(d);
  }
  // The folders spread_subfolders was asked for, relative to the stage they were in ("" for the stage).
  std::set<std::string> spread_in_stage() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::set<std::string> out;
    for (const auto& d : spread_) {
      const auto at = d.find(".slipway-stage-");
      const auto slash = at == std::string::npos ? at : d.find('/', at);
      if (at == std::string::npos) {
        out.insert("outside a stage: " + d);
      } else {
        out.insert(slash == std::string::npos ? "" : d.substr(slash + 1));
      }
    }
    return out;
  }

 private:
  bool step() {
    if (calls++ != fail_at_) return false;
    if (mode_ == Mode::Kill) ::kill(::getpid(), SIGKILL);
    return true;
  }
  int fail_at_;
  Mode mode_;
  unsigned threads_;
  std::mutex mutex_;
  std::set<std::thread::id> writers_;
  std::set<std::string> spread_;
  std::unique_ptr<Disk> real_ = real_disk();
};

OutputSet version(int v) {
  OutputSet s;
  for (int i = 0; i < 6; ++i) {
    std::string n = std::to_string(i);
    s["terraform/dev/f" + n + ".tf"] = {"# v" + std::to_string(i < 3 ? 1 : v) + " file " + n + "\n", Ownership::Generated};
  }
  s["handlers/h/src/handler.cpp"] = {"// skeleton v" + std::to_string(v) + "\n", Ownership::Owned};
  if (v == 1) s["iam/dev/old.json"] = {"{}\n", Ownership::Generated};
  if (v == 2) s["iam/dev/new.json"] = {"[]\n", Ownership::Generated};
  return s;
}

class SinkAtomic : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "slipway-atomic-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
    root_ = base_ / "out" / "sys";
    auto disk = real_disk();
    OutputSet v1 = version(1);
    Plan p = plan(v1, root_.string(), *disk);
    ASSERT_EQ(apply(p, *disk), "");
    std::ofstream(root_ / "handlers/h/src/handler.cpp") << "// the developer's code\n";
    std::ofstream(root_ / "README.local") << "not ours\n";
    fs::create_symlink("terraform", root_ / "tf");
  }
  void TearDown() override { fs::remove_all(base_); }
  std::vector<std::string> siblings() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(root_.parent_path())) out.push_back(e.path().filename().string());
    return out;
  }
  fs::path base_, root_;
};

using slipway::sink::testing::plan_by;
using slipway::sink::testing::Way;

// The tests of the folder's atomicity that must hold however a build's output reaches the sink
// (sink_ways.h).
class SinkAtomicWays : public SinkAtomic, public ::testing::WithParamInterface<Way> {};

TEST_P(SinkAtomicWays, AFailureAtAnyStepLeavesTheFolderUnchanged) {
  auto before = snapshot(root_);
  OutputSet v2 = version(2);
  int steps = 0;
  for (int k = 0;; ++k) {
    FaultyDisk disk(k, FaultyDisk::Mode::Fail);
    Plan p = plan_by(GetParam(), v2, root_.string(), disk);
    std::string err = apply(p, disk);
    if (err.empty()) {
      steps = k;
      break;
    }
    EXPECT_NE(err.find("injected"), std::string::npos) << err;
    EXPECT_EQ(snapshot(root_), before) << "after a failure at step " << k;
    EXPECT_EQ(siblings(), std::vector<std::string>{"sys"}) << "the stage is cleaned up after step " << k;
  }
  EXPECT_GT(steps, 10);
  auto after = snapshot(root_);
  EXPECT_EQ(after["handlers/h/src/handler.cpp"], before["handlers/h/src/handler.cpp"]);
  EXPECT_EQ(after["README.local"], before["README.local"]);
  EXPECT_EQ(after["terraform/dev/f0.tf"], before["terraform/dev/f0.tf"]) << "unchanged: same inode and mtime";
  EXPECT_EQ(after["tf"], "link terraform");
  EXPECT_EQ(after.count("iam/dev/old.json"), 0u);
  EXPECT_EQ(after["iam/dev/new.json"].substr(after["iam/dev/new.json"].rfind(' ') + 1), "[]\n");
}

TEST_P(SinkAtomicWays, AFailureDuringAParallelStageLeavesTheFolderUnchanged) {
  // Enough files for two writer threads; half of them change, so the stage both links and writes. Every
  // fifth step fails in turn (the serial test above covers each one): a thread's failure must stop the
  // other and leave nothing behind.
  OutputSet v3 = version(2), v4 = version(2);
  for (int i = 0; i < 260; ++i) {
    std::string path = "handlers/h" + std::to_string(i % 7) + "/gen/f" + std::to_string(i) + ".h";
    v3[path] = {"// " + std::to_string(i) + " v3\n", Ownership::Generated};
    v4[path] = {"// " + std::to_string(i) + (i % 2 ? " v4\n" : " v3\n"), Ownership::Generated};
  }
  {
    auto disk = real_disk();
    Plan p = plan(v3, root_.string(), *disk);
    ASSERT_EQ(apply(p, *disk), "");
  }
  auto before = snapshot(root_);
  int steps = 0;
  for (int k = 0;; k += 5) {
    FaultyDisk disk(k, FaultyDisk::Mode::Fail, 2);
    Plan p = plan_by(GetParam(), v4, root_.string(), disk);
    std::string err = apply(p, disk);
    if (err.empty()) {
      steps = k;
      EXPECT_GE(disk.writers().size(), 2u) << "the files were written by two threads (a stream: one per writer)";
      break;
    }
    EXPECT_NE(err.find("injected"), std::string::npos) << err;
    EXPECT_EQ(snapshot(root_), before) << "after a failure at step " << k;
    EXPECT_EQ(siblings(), std::vector<std::string>{"sys"}) << "the stage is cleaned up after step " << k;
    if (HasFailure()) break;
  }
  EXPECT_GT(steps, 260);
  auto after = snapshot(root_);
  EXPECT_EQ(after["handlers/h0/gen/f0.h"], before["handlers/h0/gen/f0.h"]) << "unchanged: same inode and mtime";
  EXPECT_EQ(after["handlers/h1/gen/f1.h"].substr(after["handlers/h1/gen/f1.h"].rfind(' ') + 1), "v4\n");
}

TEST_P(SinkAtomicWays, AProcessKilledAtAnyStepLeavesTheFolderUnchanged) {
  auto before = snapshot(root_);
  OutputSet v2 = version(2);
  bool completed = false;
  for (int k = 0; k < 200 && !completed; ++k) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      FaultyDisk disk(k, FaultyDisk::Mode::Kill);
      Plan p = plan_by(GetParam(), v2, root_.string(), disk);
      ::_exit(apply(p, disk).empty() ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    if (WIFEXITED(status)) {
      EXPECT_EQ(WEXITSTATUS(status), 0);
      completed = true;
      break;
    }
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(snapshot(root_), before) << "after a kill at step " << k;
  }
  ASSERT_TRUE(completed);
  // The dead builds left stages beside the folder; the next build removes them.
  auto disk = real_disk();
  OutputSet v1 = version(1);
  Plan p = plan(v1, root_.string(), *disk);
  ASSERT_EQ(apply(p, *disk), "");
  EXPECT_EQ(siblings(), std::vector<std::string>{"sys"});
  EXPECT_EQ(snapshot(root_)["handlers/h/src/handler.cpp"], before["handlers/h/src/handler.cpp"]);
}

TEST_P(SinkAtomicWays, ConcurrentBuildsIntoOneFolderSerialize) {
  // Two processes alternate between two outputs, 15 builds each, at the same time. Every build must
  // succeed and the folder must end as exactly one of the two, with a manifest that matches it.
  pid_t kids[2];
  for (int who = 0; who < 2; ++who) {
    kids[who] = ::fork();
    ASSERT_GE(kids[who], 0);
    if (kids[who] == 0) {
      auto disk = real_disk();
      int bad = 0;
      for (int i = 0; i < 15; ++i) {
        OutputSet s = version(1 + (i + who) % 2);
        Plan p = plan_by(GetParam(), s, root_.string(), *disk);
        if (!p.hand_edited.empty() || !apply(p, *disk).empty()) ++bad;
      }
      ::_exit(bad);
    }
  }
  for (pid_t k : kids) {
    int status = 0;
    ASSERT_EQ(::waitpid(k, &status, 0), k);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "builds that failed";
  }
  auto disk = real_disk();
  bool matches_one = false;
  for (int v : {1, 2}) {
    Plan p = plan(version(v), root_.string(), *disk);
    EXPECT_TRUE(p.hand_edited.empty());
    matches_one = matches_one || !p.stale();
  }
  EXPECT_TRUE(matches_one);
  EXPECT_EQ(siblings(), std::vector<std::string>{"sys"});
  std::ifstream in(root_ / "handlers/h/src/handler.cpp");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "// the developer's code");
}

TEST_F(SinkAtomic, ASecondBuildWaitsForTheLock) {
  auto disk = real_disk();
  OutputSet v2 = version(2);
  Plan held = plan(v2, root_.string(), *disk);  // holds the lock until destroyed
  Options quick;
  quick.lock_timeout_ms = 100;
  Plan other = plan(v2, root_.string(), *disk, quick);
  std::string err = apply(other, *disk);
  EXPECT_NE(err.find("another slipway build"), std::string::npos) << err;
  EXPECT_EQ(apply(held, *disk), "");
}

// make_dirs on the real disk: creates missing parents with one call per folder, accepts a folder that
// exists, and refuses a path held by a file or a link.
TEST_F(SinkAtomic, MakeDirsCreatesParentsAndRefusesWhatIsNotAFolder) {
  auto disk = real_disk();
  const fs::path deep = base_ / "a" / "b" / "c";
  EXPECT_EQ(disk->make_dirs(deep.string(), 0700), "");
  EXPECT_TRUE(fs::is_directory(deep));
  EXPECT_EQ(fs::status(deep).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(disk->make_dirs(deep.string(), 0700), "");  // exists: fine

  std::ofstream(base_ / "a" / "file") << "x";
  const std::string on_file = disk->make_dirs((base_ / "a" / "file").string(), 0777);
  EXPECT_NE(on_file.find("create folder"), std::string::npos) << on_file;
  EXPECT_NE(on_file.find("Not a directory"), std::string::npos) << on_file;
  const std::string under_file = disk->make_dirs((base_ / "a" / "file" / "x").string(), 0777);
  EXPECT_NE(under_file.find("Not a directory"), std::string::npos) << under_file;

  fs::create_directory_symlink(base_ / "a" / "b", base_ / "a" / "link");
  const std::string on_link = disk->make_dirs((base_ / "a" / "link").string(), 0777);
  EXPECT_NE(on_link.find("Not a directory"), std::string::npos) << on_link;
}

// A stage asks the file system to spread the folders of its own level and of its first level (one per
// handler, role, machine), and no deeper: spreading every folder made builds slower (docs/performance.md,
// "The disk").
TEST_P(SinkAtomicWays, TheStageSpreadsTheFoldersOfItsFirstTwoLevels) {
  OutputSet v2 = version(2);
  v2["handlers/h2/generated/glue.cpp"] = {"// glue\n", Ownership::Generated};
  FaultyDisk disk(-1, FaultyDisk::Mode::Fail, 2);  // never fails
  Plan p = plan_by(GetParam(), v2, root_.string(), disk);
  ASSERT_EQ(apply(p, disk), "");
  EXPECT_EQ(disk.spread_in_stage(), (std::set<std::string>{"", "handlers", "iam", "terraform"}));
  const std::string glue = snapshot(root_)["handlers/h2/generated/glue.cpp"];
  EXPECT_TRUE(glue.starts_with("file ") && glue.ends_with(" // glue\n")) << glue;
}

// On ext2, ext3 and ext4 the spread is the "top of a hierarchy" attribute (`lsattr` shows T): set on the
// output folder and the folders of its first level, which the build in SetUp made, and not below them.
// Elsewhere (tmpfs, which has no such attribute) the real disk does nothing, and says nothing.
// The real disk's scan types every entry and reads the permissions of folders, which a rebuild gives the
// folders it makes again; files and links are typed from the folder's listing, without a stat each.
TEST_F(SinkAtomic, TheRealDiskScanTypesEveryEntryAndReadsTheFoldersPermissions) {
  const fs::path dir = base_ / "scanned";
  fs::create_directories(dir / "sub" / "deeper");
  ASSERT_EQ(::chmod((dir / "sub").c_str(), 0751), 0);
  std::ofstream(dir / "sub" / "file.txt") << "x\n";
  fs::create_symlink("sub/file.txt", dir / "link");
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  std::map<std::string, std::string> got;
  for (const auto& e : real_disk()->scan(dir.string())) {
    const char* type = e.type == Entry::Type::File      ? "file"
                       : e.type == Entry::Type::Dir     ? "folder"
                       : e.type == Entry::Type::Symlink ? "link"
                                                        : "other";
    got[e.path] = std::string(type) + (e.type == Entry::Type::Dir ? " " + std::to_string(e.mode) : "");
  }
  const std::map<std::string, std::string> want = {
      {"link", "link"},
      {"pipe", "other"},
      {"sub", "folder " + std::to_string(0751)},
      {"sub/deeper", "folder " + std::to_string(static_cast<unsigned>(fs::status(dir / "sub" / "deeper").permissions() &
                                                                      fs::perms::all))},
      {"sub/file.txt", "file"}};
  EXPECT_EQ(got, want);
}

// The real disk reads a file whole, whatever its size against the buffer's (one byte more than the size
// fstat gives, so that the end is seen without a second read); a folder or a missing file is no file.
TEST_F(SinkAtomic, TheRealDiskReadsFilesOfEverySizeWhole) {
  auto disk = real_disk();
  for (std::size_t size : {0u, 1u, 4095u, 4096u, 4097u, 100000u}) {
    std::string text(size, 'x');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
    const fs::path file = base_ / ("read-" + std::to_string(size));
    std::ofstream(file, std::ios::binary) << text;
    EXPECT_EQ(disk->read(file.string()), std::optional<std::string>(text)) << size << " bytes";
  }
  EXPECT_EQ(disk->read(base_.string()), std::nullopt);
  EXPECT_EQ(disk->read((base_ / "missing").string()), std::nullopt);
}

// Once a write of a writing stream has failed, its writers create no other file: the build has failed, and
// whatever they wrote would only be removed with the stage. (The writers learn of the stage without the
// stream's lock; a failure must still reach them.)
TEST_F(SinkAtomic, AfterAFailedWriteAStreamCreatesNoOtherFile) {
  OutputSet files;
  for (int i = 0; i < 30; ++i) files["gen/f" + std::to_string(100 + i) + ".h"] = {"// " + std::to_string(i) + "\n"};
  const std::string fresh = (base_ / "fresh").string();
  {
    FaultyDisk counting(1000, FaultyDisk::Mode::Fail);
    ASSERT_EQ(apply(slipway::sink::testing::stream_files(files, fresh, counting), counting), "");
    ASSERT_GT(counting.calls.load(), 30) << "a change per file at least";
    fs::remove_all(fresh);
  }
  for (int fail_at : {1, 4, 17}) {
    FaultyDisk disk(fail_at, FaultyDisk::Mode::Fail);
    Plan p = slipway::sink::testing::stream_files(files, fresh, disk);
    EXPECT_EQ(disk.calls.load(), fail_at + 1) << "changes after the failure at change " << fail_at;
    const std::string err = apply(p, disk);
    EXPECT_NE(err.find("injected"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(fresh));
  }
}

TEST_F(SinkAtomic, OnExt4TheOutputFolderAndItsFirstLevelAreTopsOfHierarchies) {
  auto flags_of = [](const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int flags = -1;
    if (fd >= 0 && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) flags = -1;
    if (fd >= 0) ::close(fd);
    return flags;
  };
  struct statfs st {};
  ASSERT_EQ(::statfs(root_.c_str(), &st), 0);
  auto disk = real_disk();
  disk->spread_subfolders((base_ / "missing").string());  // nothing to do, nothing said
  if (st.f_type != EXT4_SUPER_MAGIC) {
    const int before = flags_of(root_ / "terraform" / "dev");
    disk->spread_subfolders((root_ / "terraform" / "dev").string());
    EXPECT_EQ(flags_of(root_ / "terraform" / "dev"), before);
    GTEST_SKIP() << "the test folder is not on ext2, ext3 or ext4 (f_type " << std::hex << st.f_type << ")";
  }
  auto is_top = [&](const fs::path& dir) {
    const int flags = flags_of(dir);
    EXPECT_GE(flags, 0) << "cannot read the attributes of " << dir;
    return flags >= 0 && (flags & FS_TOPDIR_FL) != 0;
  };
  for (const fs::path& dir : {root_, root_ / "handlers", root_ / "iam", root_ / "terraform"}) {
    EXPECT_TRUE(is_top(dir)) << dir;
  }
  for (const fs::path& dir : {root_ / "handlers" / "h", root_ / "iam" / "dev", root_ / "terraform" / "dev"}) {
    EXPECT_FALSE(is_top(dir)) << dir;
  }
  disk->spread_subfolders((root_ / "terraform" / "dev").string());
  EXPECT_TRUE(is_top(root_ / "terraform" / "dev"));
}

INSTANTIATE_TEST_SUITE_P(Ways, SinkAtomicWays, ::testing::Values(Way::Plan, Way::Stream, Way::Check, Way::Parts),
                         slipway::sink::testing::way_name);

}  // namespace
}  // namespace slipway::sink
