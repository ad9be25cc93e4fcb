// The sink's plan and apply on a real temporary folder: incremental writes, ownership, manifest, safety.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "sink/sink.h"
#include "sink/state.h"
#include "repository_files.h"
#include "sink_ways.h"

using slipway::testing::file_text;

namespace slipway::sink {
namespace {

namespace fs = std::filesystem;
using base::Ownership;
using base::OutputSet;

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

struct Ident {
  ino_t ino;
  std::int64_t mtime_ns;
};
Ident ident(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return {st.st_ino, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

using slipway::sink::testing::Way;

// A build's output folder in a temporary folder.
class SinkFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "slipway-sink-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
    root_ = base_ / "out" / "sys";
  }
  void TearDown() override { fs::remove_all(base_); }

  // How the tests make their plans.
  virtual Way way() const = 0;
  // The plan of `files`, made this test's way.
  Plan make_plan(const OutputSet& files) { return slipway::sink::testing::plan_by(way(), files, root_.string(), *disk_); }
  // A plan (made this test's way), then apply, as `slipway build` does; returns the plan.
  Plan build(const OutputSet& files, std::string* err = nullptr) {
    Plan p = make_plan(files);
    std::string e = apply(p, *disk_);
    if (err) {
      *err = e;
    } else {
      EXPECT_EQ(e, "");
    }
    return p;
  }
  // Sibling folders a build left behind (stages); there should be none.
  std::vector<std::string> litter() {
    std::vector<std::string> out;
    if (!fs::exists(root_.parent_path())) return out;
    for (const auto& e : fs::directory_iterator(root_.parent_path())) {
      if (e.path().filename() != "sys") out.push_back(e.path().filename().string());
    }
    return out;
  }

  fs::path base_, root_;
  std::unique_ptr<Disk> disk_ = real_disk();
};

// Every test of this fixture runs four times: with the output planned whole, streamed, streamed to a check,
// and streamed in parts (sink_ways.h).
class SinkPlan : public SinkFolder, public ::testing::WithParamInterface<Way> {
 protected:
  Way way() const override { return GetParam(); }
};

// What only a stream does.
class SinkStream : public SinkFolder {
 protected:
  Way way() const override { return Way::Stream; }
};

OutputSet sample() {
  OutputSet s;
  s["terraform/dev/main.tf"] = {"resource \"x\" \"y\" {}\n", Ownership::Generated};
  s["iam/dev/fn_a.json"] = {"{}\n", Ownership::Generated};
  s["handlers/a/src/handler.cpp"] = {"// yours\n", Ownership::Owned};
  s["ARCHITECTURE.md"] = {"# sys\n", Ownership::Generated};
  return s;
}

TEST_P(SinkPlan, FirstBuildWritesEverythingAndAManifest) {
  Plan p = build(sample());
  EXPECT_EQ(p.changes.size(), 5u);  // four files and the manifest
  EXPECT_EQ(file_text(root_ / "terraform/dev/main.tf"), "resource \"x\" \"y\" {}\n");
  EXPECT_EQ(file_text(root_ / "handlers/a/src/handler.cpp"), "// yours\n");
  std::string manifest = file_text(root_ / kManifest);
  EXPECT_NE(manifest.find("\"iam/dev/fn_a.json\": \"" + content_hash("{}\n") + "\""), std::string::npos);
  EXPECT_EQ(manifest.find("handler.cpp"), std::string::npos) << "owned files are not in the manifest";
  EXPECT_TRUE(litter().empty());
}

TEST_P(SinkPlan, UnchangedRebuildTouchesNothing) {
  build(sample());
  Ident tf = ident(root_ / "terraform/dev/main.tf"), dir = ident(root_), man = ident(root_ / kManifest);
  Plan p = build(sample());
  EXPECT_FALSE(p.stale());
  // Three generated files and the manifest, in path order, readable after the set built from is gone.
  EXPECT_EQ(std::vector<std::string>(p.unchanged.begin(), p.unchanged.end()),
            (std::vector<std::string>{kManifest, "ARCHITECTURE.md", "iam/dev/fn_a.json", "terraform/dev/main.tf"}));
  EXPECT_EQ(p.owned_kept, std::vector<std::string>{"handlers/a/src/handler.cpp"});
  EXPECT_EQ(ident(root_ / "terraform/dev/main.tf").ino, tf.ino);
  EXPECT_EQ(ident(root_ / "terraform/dev/main.tf").mtime_ns, tf.mtime_ns);
  EXPECT_EQ(ident(root_ / kManifest).ino, man.ino);
  EXPECT_EQ(ident(root_).ino, dir.ino) << "the folder itself was not even swapped";
  EXPECT_TRUE(litter().empty());
}

TEST_P(SinkPlan, OneChangeRewritesOnlyThatFileAndTheManifest) {
  build(sample());
  Ident tf = ident(root_ / "terraform/dev/main.tf"), owned = ident(root_ / "handlers/a/src/handler.cpp");
  put(root_ / "notes.txt", "mine\n");  // a file slipway did not generate
  Ident notes = ident(root_ / "notes.txt");
  OutputSet next = sample();
  next["iam/dev/fn_a.json"].content = "{\"Version\": \"2012-10-17\"}\n";
  Plan p = build(next);
  ASSERT_EQ(p.changes.size(), 2u);
  EXPECT_EQ(p.changes[0].path, kManifest);
  EXPECT_EQ(p.changes[1].path, "iam/dev/fn_a.json");
  EXPECT_EQ(p.changes[1].kind, Change::Kind::Update);
  EXPECT_EQ(file_text(root_ / "iam/dev/fn_a.json"), "{\"Version\": \"2012-10-17\"}\n");
  EXPECT_EQ(ident(root_ / "terraform/dev/main.tf").ino, tf.ino);
  EXPECT_EQ(ident(root_ / "terraform/dev/main.tf").mtime_ns, tf.mtime_ns);
  EXPECT_EQ(ident(root_ / "handlers/a/src/handler.cpp").ino, owned.ino);
  EXPECT_EQ(ident(root_ / "notes.txt").ino, notes.ino);
  EXPECT_EQ(file_text(root_ / "notes.txt"), "mine\n");
  EXPECT_TRUE(litter().empty());
}

// The folders of a staged tree are made by the threads that stage its files, each folder with the mode
// it had (a developer's chmod survives rebuilds), new ones as mkdir makes them; empty folders stay.
TEST_P(SinkPlan, FoldersAreMadeWhereTheirFilesAreStagedAndKeepTheirModes) {
  OutputSet first;
  for (int h = 0; h < 150; ++h) {
    const std::string dir = "handlers/h" + std::to_string(h) + "/";
    first[dir + "README.md"] = {"# h" + std::to_string(h) + "\n", Ownership::Generated};
    first[dir + "generated/glue.cpp"] = {"// glue\n", Ownership::Generated};
    first[dir + "generated/deeper/types.h"] = {"// types\n", Ownership::Generated};
    first[dir + "handler.cpp"] = {"// yours\n", Ownership::Owned};
  }
  first["terraform/dev/main.tf"] = {"# tf\n", Ownership::Generated};
  ASSERT_GE(first.size(), 128u) << "enough files for several slices";
  build(first);
  for (const auto& [path, f] : first) EXPECT_EQ(file_text(root_ / path), f.content) << path;

  const mode_t mask = ::umask(0);
  ::umask(mask);
  auto mode_of = [](const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  };
  ASSERT_EQ(::chmod((root_ / "handlers").c_str(), 0751), 0);
  ASSERT_EQ(::chmod((root_ / "handlers/h3").c_str(), 0750), 0);
  ASSERT_EQ(::chmod((root_ / "handlers/h149/generated").c_str(), 0711), 0);
  fs::create_directories(root_ / "handlers/h7/empty");
  ASSERT_EQ(::chmod((root_ / "handlers/h7/empty").c_str(), 0700), 0);

  OutputSet next = first;
  next["handlers/h3/generated/glue.cpp"].content = "// glue, changed\n";
  next["handlers/h3/extra/deep/new.h"] = {"// new\n", Ownership::Generated};
  next["handlers/h149/generated/more.h"] = {"// more\n", Ownership::Generated};
  next["zz/new/folder/file.txt"] = {"z\n", Ownership::Generated};
  build(next);
  for (const auto& [path, f] : next) EXPECT_EQ(file_text(root_ / path), f.content) << path;
  EXPECT_EQ(mode_of(root_ / "handlers"), 0751u);
  EXPECT_EQ(mode_of(root_ / "handlers/h3"), 0750u);
  EXPECT_EQ(mode_of(root_ / "handlers/h149/generated"), 0711u);
  EXPECT_EQ(mode_of(root_ / "handlers/h7/empty"), 0700u);
  EXPECT_EQ(mode_of(root_ / "handlers/h3/extra"), 0777u & ~mask);
  EXPECT_EQ(mode_of(root_ / "handlers/h3/extra/deep"), 0777u & ~mask);
  EXPECT_EQ(mode_of(root_ / "zz/new/folder"), 0777u & ~mask);
  EXPECT_EQ(mode_of(root_ / "handlers/h4"), 0777u & ~mask);
  EXPECT_TRUE(litter().empty());
}

TEST_P(SinkPlan, OwnedFilesAreNeverOverwrittenOrDeleted) {
  build(sample());
  put(root_ / "handlers/a/src/handler.cpp", "// my real code\n");
  OutputSet next = sample();
  next["handlers/a/src/handler.cpp"].content = "// a new skeleton\n";
  next["iam/dev/fn_a.json"].content = "[]\n";
  build(next);
  EXPECT_EQ(file_text(root_ / "handlers/a/src/handler.cpp"), "// my real code\n");
  OutputSet without = sample();
  without.erase("handlers/a/src/handler.cpp");
  build(without);
  EXPECT_EQ(file_text(root_ / "handlers/a/src/handler.cpp"), "// my real code\n");
}

// A file the developer owns is not in the manifest: when it is gone and is the build's only change, the
// build still has something to do, and makes it again.
TEST_P(SinkPlan, AnOwnedFileThatIsGoneIsMadeAgain) {
  build(sample());
  fs::remove(root_ / "handlers/a/src/handler.cpp");
  Plan p = build(sample());
  ASSERT_EQ(p.changes.size(), 1u);
  EXPECT_EQ(p.changes[0].path, "handlers/a/src/handler.cpp");
  EXPECT_EQ(file_text(root_ / "handlers/a/src/handler.cpp"), "// yours\n");
  EXPECT_TRUE(litter().empty());
}

TEST_P(SinkPlan, StaleGeneratedFilesAreRemovedWithTheirEmptyFolders) {
  build(sample());
  OutputSet next = sample();
  next.erase("iam/dev/fn_a.json");
  Plan p = build(next);
  ASSERT_EQ(p.changes.size(), 2u);
  EXPECT_EQ(p.changes[1].kind, Change::Kind::Remove);
  EXPECT_FALSE(fs::exists(root_ / "iam"));
  EXPECT_EQ(file_text(root_ / kManifest).find("fn_a"), std::string::npos);
}

TEST_P(SinkPlan, HandEditsAreDetectedAndNeverLost) {
  build(sample());
  put(root_ / "iam/dev/fn_a.json", "{\"edited\": true}\n");
  OutputSet next = sample();
  next.erase("iam/dev/fn_a.json");
  next["terraform/dev/main.tf"].content = "# changed\n";
  Plan p = make_plan(next);
  EXPECT_EQ(p.hand_edited, std::vector<std::string>{"iam/dev/fn_a.json"});
  std::string err = apply(p, *disk_);
  EXPECT_NE(err.find("edited by hand"), std::string::npos) << err;
  EXPECT_EQ(file_text(root_ / "iam/dev/fn_a.json"), "{\"edited\": true}\n");
  EXPECT_EQ(file_text(root_ / "terraform/dev/main.tf"), "resource \"x\" \"y\" {}\n") << "nothing was written";
}

TEST_P(SinkPlan, KeptRemovalsStayInTheManifest) {
  // `build --env` drops removals from the plan: the files stay, and so do their manifest entries.
  build(sample());
  OutputSet next = sample();
  next.erase("iam/dev/fn_a.json");
  next["terraform/dev/main.tf"].content = "# changed\n";
  Plan p = make_plan(next);
  std::erase_if(p.changes, [](const Change& c) { return c.kind == Change::Kind::Remove; });
  EXPECT_EQ(apply(p, *disk_), "");
  EXPECT_EQ(file_text(root_ / "iam/dev/fn_a.json"), "{}\n");
  EXPECT_NE(file_text(root_ / kManifest).find("iam/dev/fn_a.json"), std::string::npos);
  p = Plan{};  // releases the folder's lock
  put(root_ / "iam/dev/fn_a.json", "{\"edited\": 1}\n");
  EXPECT_EQ(make_plan(next).hand_edited, std::vector<std::string>{"iam/dev/fn_a.json"});
}

// A manifest as builds before the "hash" member wrote it: FNV-1a 64 of each file.
std::string legacy_manifest(const std::map<std::string, std::string>& files) {
  std::string out = "{\n  \"generator\": \"slipway\",\n  \"files\": {";
  bool first = true;
  for (const auto& [path, content] : files) {
    out += std::string(first ? "\n" : ",\n") + "    \"" + path + "\": \"" +
           content_hash(content, HashAlgorithm::Fnv1a64) + "\"";
    first = false;
  }
  return out + "\n  }\n}\n";
}

TEST(SinkManifest, HashesAreXxh3AndTheManifestSaysSo) {
  EXPECT_EQ(content_hash(""), "2d06800538d394c2");  // XXH3_64bits of nothing
  // The older builds' hash: FNV-1a 64 over bytes, from the offset 1469598103934665603 they used.
  EXPECT_EQ(content_hash("", HashAlgorithm::Fnv1a64), "14650fb0739d0383");
  EXPECT_EQ(content_hash("a", HashAlgorithm::Fnv1a64), "44bd8ad473cd9906");
  EXPECT_EQ(content_hash("a", HashAlgorithm::Unknown), "");
  std::string text = manifest_text({{"a.tf", content_hash("x")}});
  EXPECT_NE(text.find("\"hash\": \"xxh3-64\""), std::string::npos) << text;
  Manifest m = parse_manifest(text);
  EXPECT_EQ(m.algorithm, HashAlgorithm::Xxh3_64);
  EXPECT_EQ(m.files, (std::map<std::string, std::string>{{"a.tf", content_hash("x")}}));
  EXPECT_EQ(parse_manifest("{\"files\": {}}").algorithm, HashAlgorithm::Fnv1a64);
  EXPECT_EQ(parse_manifest("{\"hash\": \"sha-9\", \"files\": {}}").algorithm, HashAlgorithm::Unknown);
}

// parse_manifest reads the text as it is parsed, without the document; it must give what reading the
// document gives, for manifests as they are written and for any text a hand may have left there.
TEST(SinkManifest, ReadingAsItParsesGivesWhatTheDocumentGives) {
  auto from_document = [](const std::string& text) {  // the reading parse_manifest replaced
    Manifest out;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("files") || !j["files"].is_object()) return out;
    out.algorithm = HashAlgorithm::Fnv1a64;
    if (j.contains("hash")) out.algorithm = j["hash"] == "xxh3-64" ? HashAlgorithm::Xxh3_64 : HashAlgorithm::Unknown;
    for (const auto& [k, v] : j["files"].items()) {
      if (v.is_string()) out.files[k] = v.get<std::string>();
    }
    return out;
  };
  const std::string written = manifest_text({{"a.tf", content_hash("x")}, {"b/c.json", content_hash("y")}});
  const std::vector<std::string> texts = {
      written,
      written.substr(0, written.size() / 2),  // cut short
      written + "x",                          // something after it
      "",
      "[]",
      "\"files\"",
      "{}",
      R"({"files": []})",
      R"({"files": "a"})",
      R"({"files": null, "hash": "xxh3-64"})",
      R"({"files": {"a": "1", "b": 2, "c": {"d": "3"}, "e": ["4"], "f": "5"}})",
      R"({"hash": 7, "files": {"a": "1"}})",
      R"({"hash": {"x": "xxh3-64"}, "files": {"a": "1"}})",
      R"({"hash": "sha-9", "hash": "xxh3-64", "files": {"a": "1"}})",
      R"({"hash": "xxh3-64", "hash": "sha-9", "files": {"a": "1"}})",
      R"({"files": {"a": "1", "a": "2"}})",
      R"({"files": {"a": "1", "a": false}})",
      R"({"files": {"b": "1", "a": "2"}, "other": {"files": {"c": "3"}}})",
      R"({"files": {"a": "1"}, "files": {"b": "2"}})",
      R"({"files": {"a": "1"}, "files": 3})",
      R"({"nested": [{"files": {"x": "1"}}], "files": {"y": "2"}})",
      R"({"files": {"a\u0000b": "1", "\u00e9": "2"}})",
  };
  for (const auto& text : texts) {
    const Manifest expected = from_document(text);
    const Manifest got = parse_manifest(text);
    EXPECT_EQ(got.algorithm, expected.algorithm) << text;
    EXPECT_EQ(got.files, expected.files) << text;
  }
  EXPECT_EQ(parse_manifest(written).files.size(), 2u);
  EXPECT_EQ(parse_manifest(R"({"files": {"a": "1", "a": false}})").files.size(), 0u);
}

TEST_P(SinkPlan, AManifestOfOlderBuildsStillTellsHandEditsFromOurOutput) {
  // Written by a build that hashed with FNV-1a: the unedited files update and go, the edited ones stop
  // the build, and the new manifest carries this build's hashes.
  put(root_ / "terraform/dev/main.tf", "old\n");
  put(root_ / "iam/dev/fn_a.json", "{}\n");
  put(root_ / "iam/dev/gone.json", "{\"gone\": 1}\n");
  put(root_ / kManifest, legacy_manifest({{"terraform/dev/main.tf", "old\n"},
                                          {"iam/dev/fn_a.json", "{}\n"},
                                          {"iam/dev/gone.json", "{\"gone\": 1}\n"}}));
  Plan p = build(sample());
  EXPECT_TRUE(p.hand_edited.empty());
  EXPECT_EQ(file_text(root_ / "terraform/dev/main.tf"), "resource \"x\" \"y\" {}\n");
  EXPECT_FALSE(fs::exists(root_ / "iam/dev/gone.json"));
  Manifest m = parse_manifest(file_text(root_ / kManifest));
  EXPECT_EQ(m.algorithm, HashAlgorithm::Xxh3_64);
  EXPECT_EQ(m.files["iam/dev/fn_a.json"], content_hash("{}\n"));

  p = Plan{};
  put(root_ / "terraform/dev/main.tf", "edited\n");
  put(root_ / "iam/dev/gone.json", "{\"edited\": 1}\n");
  put(root_ / kManifest, legacy_manifest({{"terraform/dev/main.tf", "old\n"}, {"iam/dev/gone.json", "{\"gone\": 1}\n"}}));
  p = make_plan(sample());
  EXPECT_EQ(p.hand_edited, (std::vector<std::string>{"iam/dev/gone.json", "terraform/dev/main.tf"}));
}

TEST_P(SinkPlan, KeptFilesOfAnOlderManifestAreRehashed) {
  put(root_ / "iam/dev/kept.json", "{\"kept\": 1}\n");
  put(root_ / kManifest, legacy_manifest({{"iam/dev/kept.json", "{\"kept\": 1}\n"}}));
  const OutputSet files = sample();  // the plan refers to it: it must outlive the plan
  Plan p = make_plan(files);
  std::erase_if(p.changes, [](const Change& c) { return c.kind == Change::Kind::Remove; });
  EXPECT_EQ(apply(p, *disk_), "");
  EXPECT_EQ(parse_manifest(file_text(root_ / kManifest)).files["iam/dev/kept.json"], content_hash("{\"kept\": 1}\n"));
}

TEST_P(SinkPlan, AManifestOfAnUnknownHashProvesNoFileUnedited) {
  put(root_ / "terraform/dev/main.tf", "old\n");
  put(root_ / kManifest, "{\"hash\": \"sha-9\", \"files\": {\"terraform/dev/main.tf\": \"\"}}");
  Plan p = make_plan(sample());
  EXPECT_EQ(p.hand_edited, std::vector<std::string>{"terraform/dev/main.tf"});
}

TEST_P(SinkPlan, ManyFilesAreComparedOnSeveralThreadsAndReportedInPathOrder) {
  // Enough files for the comparison to run on several threads; the result must not depend on that.
  auto name = [](int i) { return "gen/d" + std::to_string(i % 9) + "/f" + std::to_string(i) + ".txt"; };
  OutputSet v1;
  for (int i = 0; i < 500; ++i) v1[name(i)] = {"v1 " + std::to_string(i) + "\n", Ownership::Generated};
  build(v1);
  OutputSet v2 = v1;
  for (int i : {7, 250, 499}) put(root_ / name(i), "edited\n");
  for (int i : {3, 7, 120, 121, 498}) v2[name(i)].content = "v2\n";
  v2["gen/new.txt"] = {"new\n", Ownership::Generated};
  Plan p = make_plan(v2);
  EXPECT_EQ(p.hand_edited, (std::vector<std::string>{"gen/d4/f499.txt", "gen/d7/f250.txt", "gen/d7/f7.txt"}));
  std::vector<std::string> changed;
  for (const auto& c : p.changes) changed.push_back((c.kind == Change::Kind::Create ? "+" : "~") + std::string(c.path));
  EXPECT_EQ(changed, (std::vector<std::string>{"~.slipway-manifest.json", "~gen/d3/f120.txt", "~gen/d3/f3.txt",
                                               "~gen/d3/f498.txt", "~gen/d4/f121.txt", "~gen/d4/f499.txt",
                                               "~gen/d7/f250.txt", "~gen/d7/f7.txt", "+gen/new.txt"}));
  EXPECT_EQ(p.unchanged.size(), 493u);
  if (!slipway::sink::testing::writes_as_it_goes(way())) {  // a plan of a writing stream keeps no contents
    EXPECT_EQ(p.changes[1].before, "v1 120\n");
    EXPECT_EQ(p.changes[1].after, "v2\n");
    EXPECT_EQ(p.changes[5].before, "edited\n");
  }
}

TEST_P(SinkPlan, RemoveTreeRemovesDeepTreesAndNeverFollowsLinks) {
  // Deeper than the levels remove_tree lists itself, wide enough for several threads, with links to a
  // folder and a file outside that must survive.
  const fs::path tree = base_ / "tree";
  for (int i = 0; i < 150; ++i) put(tree / ("d" + std::to_string(i % 5)) / ("e" + std::to_string(i)) / "f.txt", "x");
  put(tree / "a/b/c/d/e/deep.txt", "deep");
  put(base_ / "outside/keep.txt", "keep");
  fs::create_symlink(base_ / "outside", tree / "a/b/link_dir");
  fs::create_symlink(base_ / "outside/keep.txt", tree / "a/b/c/d/link_file");
  EXPECT_EQ(disk_->remove_tree(tree.string()), "");
  EXPECT_FALSE(fs::exists(fs::symlink_status(tree)));
  EXPECT_EQ(file_text(base_ / "outside/keep.txt"), "keep");
  EXPECT_EQ(disk_->remove_tree(tree.string()), "") << "a missing tree is not an error";
  put(base_ / "single.txt", "1");
  EXPECT_EQ(disk_->remove_tree((base_ / "single.txt").string()), "");
  EXPECT_FALSE(fs::exists(base_ / "single.txt"));
}

// The folders two folders share, as the staging threads and the clash check count them.
TEST(SinkPaths, SharedFolders) {
  EXPECT_EQ(shared_folders("a/b/c", "a/b/d"), 3u);
  EXPECT_EQ(shared_folders("a/b", "a/bc"), 1u);
  EXPECT_EQ(shared_folders("a/bc", "a/b"), 1u);
  EXPECT_EQ(shared_folders("a", "b"), 0u);
  EXPECT_EQ(shared_folders("ab", "a"), 0u);
  EXPECT_EQ(shared_folders("a/b", "a/b/c"), 3u);
  EXPECT_EQ(shared_folders("a/b/c", "a/b"), 3u);
  EXPECT_EQ(shared_folders("a/b", "a/b"), 3u);
  EXPECT_EQ(shared_folders("", "a"), 0u);
  EXPECT_EQ(shared_folders("a", ""), 0u);
  EXPECT_EQ(shared_folders("h1/generated", "h10/generated"), 0u);
}

TEST(SinkPaths, SafeRelativePath) {
  for (const char* ok : {"a", "a/b.tf", "handlers/x/CMakeLists.txt", ".slipway-x", "a/..b", "a/b..", "a b"}) {
    EXPECT_TRUE(safe_relative_path(ok)) << ok;
  }
  for (const std::string& bad : std::vector<std::string>{"", "/etc/passwd", "../x", "a/../../x", "a/./b", "./a", "a//b", "a/", "..", ".",
                          "a\\..\\b", std::string("a\0b", 3), "a\nb", "a/\x7f", std::string(256, 'x')}) {
    EXPECT_FALSE(safe_relative_path(bad)) << bad;
  }
  EXPECT_TRUE(safe_relative_path(std::string(255, 'x') + "/" + std::string(255, 'y')));
}

TEST_P(SinkPlan, UnsafePathsAreRefusedAndNothingIsWritten) {
  for (const std::string& bad : std::vector<std::string>{"../escape.tf", "/tmp/slipway-abs.tf", std::string("a\0b", 3), "a/../../x", ""}) {
    OutputSet s = sample();
    s[bad] = {"boom\n", Ownership::Generated};
    std::string err;
    Plan p = build(s, &err);
    EXPECT_EQ(p.unsafe_paths, std::vector<std::string>{bad});
    EXPECT_NE(err, "");
    EXPECT_FALSE(fs::exists(root_)) << "nothing was written for " << bad;
    p = Plan{};
    EXPECT_FALSE(fs::exists(root_.parent_path())) << "no folder made above it stays either";
  }
  EXPECT_FALSE(fs::exists(base_ / "out/escape.tf"));
  EXPECT_FALSE(fs::exists("/tmp/slipway-abs.tf"));
}

TEST_P(SinkPlan, ManifestCannotPointOutsideTheFolder) {
  build(sample());
  put(base_ / "victim.txt", "keep me\n");
  put(root_ / kManifest, "{\"files\": {\"../../victim.txt\": \"" + content_hash("keep me\n") + "\", \"/etc/hostname\": \"x\"}}");
  build(sample());
  EXPECT_EQ(file_text(base_ / "victim.txt"), "keep me\n");
}

TEST_P(SinkPlan, NeverWritesThroughASymbolicLink) {
  fs::create_directories(root_);
  fs::create_directories(base_ / "elsewhere");
  fs::create_directory_symlink(base_ / "elsewhere", root_ / "terraform");
  std::string err;
  Plan p = build(sample(), &err);
  EXPECT_EQ(p.unsafe_paths, std::vector<std::string>{"terraform/dev/main.tf"});
  EXPECT_NE(err, "");
  EXPECT_TRUE(fs::is_empty(base_ / "elsewhere"));
  p = Plan{};  // releases the folder's lock
  // A generated file replaced by a link to a file outside is not followed either.
  fs::remove(root_ / "terraform");
  build(sample());
  put(base_ / "secret.txt", "secret\n");
  fs::remove(root_ / "ARCHITECTURE.md");
  fs::create_symlink(base_ / "secret.txt", root_ / "ARCHITECTURE.md");
  OutputSet next = sample();
  next["ARCHITECTURE.md"].content = "# new\n";
  p = build(next, &err);
  EXPECT_EQ(p.unsafe_paths, std::vector<std::string>{"ARCHITECTURE.md"});
  EXPECT_EQ(file_text(base_ / "secret.txt"), "secret\n");
}

TEST_P(SinkPlan, LinksTheDeveloperMadeAreKeptAsLinks) {
  build(sample());
  put(base_ / "shared.cmake", "x\n");
  fs::create_symlink("../../shared.cmake", root_ / "shared.cmake");
  OutputSet next = sample();
  next["ARCHITECTURE.md"].content = "# v2\n";
  build(next);
  EXPECT_TRUE(fs::is_symlink(root_ / "shared.cmake"));
  EXPECT_EQ(fs::read_symlink(root_ / "shared.cmake"), "../../shared.cmake");
}

TEST_P(SinkPlan, OutputSetThatClashesWithItselfIsRefused) {
  OutputSet s;
  s["a"] = {"file\n", Ownership::Generated};
  s["a/b"] = {"file below a file\n", Ownership::Generated};
  std::string err;
  Plan p = build(s, &err);
  EXPECT_EQ(p.unsafe_paths, std::vector<std::string>{"a/b"});
  EXPECT_FALSE(fs::exists(root_));
}

TEST_P(SinkPlan, EveryPathBelowAFileClashesAndNoOtherDoes) {
  // Neighbours in one folder share the answer; a folder that only looks alike ("a-x", "b/c2") does not.
  OutputSet s;
  for (const char* path : {"a", "a/b", "a/c", "a-x/d", "b/c", "b/c/d", "b/c/e", "b/c2/f", "b/d/e", "b/d/f/g"}) {
    s[path] = {"x\n", Ownership::Generated};
  }
  s["b/d/f"] = {"x\n", Ownership::Owned};
  std::string err;
  Plan p = build(s, &err);
  EXPECT_EQ(p.unsafe_paths, (std::vector<std::string>{"a/b", "a/c", "b/c/d", "b/c/e", "b/d/f/g"}));
  EXPECT_FALSE(fs::exists(root_));
}

// The same rule against a brute-force answer, over sets of paths drawn from a small alphabet of names so
// that files, folders and look-alikes ("a", "a-b", "a.b", "ab") meet at every depth.
TEST_P(SinkPlan, ClashesMatchABruteForceAnswerOnRandomSets) {
  const std::vector<std::string> names = {"a", "a-b", "a.b", "ab", "b"};
  std::uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
  };
  for (int round = 0; round < 200; ++round) {
    OutputSet s;
    const int count = 1 + static_cast<int>(next() % 12);
    for (int i = 0; i < count; ++i) {
      std::string path = names[next() % names.size()];
      for (int depth = static_cast<int>(next() % 4); depth > 0; --depth) path += "/" + names[next() % names.size()];
      s[path] = {"x\n", Ownership::Generated};
    }
    std::vector<std::string> expected;
    for (const auto& [path, f] : s) {
      bool below_a_file = false;
      for (auto i = path.find('/'); i != std::string::npos; i = path.find('/', i + 1)) {
        below_a_file = below_a_file || s.count(path.substr(0, i)) > 0;
      }
      if (below_a_file) expected.push_back(path);
    }
    Plan p = make_plan(s);
    EXPECT_EQ(p.unsafe_paths, expected) << "round " << round;
  }
}

TEST_P(SinkPlan, ChangesOfEveryKindComeInPathOrder) {
  OutputSet v1;
  for (const char* path : {"b/gone.txt", "b/same.txt", "d/changed.txt", "f/gone.txt"}) {
    v1[path] = {std::string(path) + "\n", Ownership::Generated};
  }
  build(v1);
  OutputSet v2;
  v2["a/new.txt"] = {"new\n", Ownership::Generated};
  v2["b/same.txt"] = {"b/same.txt\n", Ownership::Generated};
  v2["c/yours.cpp"] = {"// yours\n", Ownership::Owned};
  v2["d/changed.txt"] = {"changed\n", Ownership::Generated};
  v2["e/yours.cpp"] = {"// yours\n", Ownership::Owned};
  Plan p = make_plan(v2);
  std::vector<std::string> changes;
  for (const auto& c : p.changes) {
    const char* sign = c.kind == Change::Kind::Create ? "+" : c.kind == Change::Kind::Update ? "~" : "-";
    changes.push_back(sign + std::string(c.path));
  }
  EXPECT_EQ(changes, (std::vector<std::string>{"~.slipway-manifest.json", "+a/new.txt", "-b/gone.txt",
                                               "+c/yours.cpp", "~d/changed.txt", "+e/yours.cpp", "-f/gone.txt"}));
  EXPECT_EQ(apply(p, *disk_), "");
  EXPECT_FALSE(fs::exists(root_ / "b/gone.txt"));
  EXPECT_EQ(file_text(root_ / "e/yours.cpp"), "// yours\n");
}

TEST_P(SinkPlan, CheckModePlanWritesNothing) {
  Plan p = make_plan(sample());
  EXPECT_TRUE(p.stale());
  EXPECT_FALSE(fs::exists(root_));
  if (!slipway::sink::testing::writes_as_it_goes(way())) {
    EXPECT_FALSE(fs::exists(root_.parent_path())) << "a plan, or a checking stream, writes nothing at all";
  } else {
    EXPECT_FALSE(litter().empty()) << "a stream writes into its stage as files come";
    p = Plan{};
    EXPECT_FALSE(fs::exists(root_.parent_path())) << "a streamed plan not applied takes its stage with it";
  }
}

// Each new or changed file is in the stage as soon as it is added, an unchanged one is not written at all
// (it is linked when the plan is applied).
TEST_F(SinkStream, AStreamWritesEachChangedFileAsItIsAdded) {
  build(sample());
  Stream stream(root_.string(), *disk_);
  base::FileSink& writer = stream.writer();
  writer.add("terraform/dev/main.tf", {"resource \"x\" \"y\" {}\n", Ownership::Generated});
  EXPECT_TRUE(litter().empty()) << "an unchanged file opens no stage";
  writer.add("iam/dev/fn_a.json", {"[]\n", Ownership::Generated});
  ASSERT_EQ(litter().size(), 1u);
  const fs::path stage = root_.parent_path() / litter().front();
  EXPECT_EQ(file_text(stage / "iam/dev/fn_a.json"), "[]\n") << "written before the stream is closed";
  EXPECT_FALSE(fs::exists(stage / "terraform/dev/main.tf"));
  writer.add("handlers/a/src/handler.cpp", {"// a new skeleton\n", Ownership::Owned});
  writer.add("ARCHITECTURE.md", {"# sys\n", Ownership::Generated});
  EXPECT_FALSE(fs::exists(stage / "handlers/a/src/handler.cpp")) << "a file the developer owns is kept";
  Plan p = stream.close();
  EXPECT_EQ(p.owned_kept, std::vector<std::string>{"handlers/a/src/handler.cpp"});
  ASSERT_EQ(p.changes.size(), 2u);
  EXPECT_EQ(p.changes[1].path, "iam/dev/fn_a.json");
  EXPECT_EQ(p.changes[1].after, "") << "a streamed plan keeps no contents";
  EXPECT_EQ(apply(p, *disk_), "");
  EXPECT_EQ(file_text(root_ / "iam/dev/fn_a.json"), "[]\n");
  EXPECT_EQ(file_text(root_ / "terraform/dev/main.tf"), "resource \"x\" \"y\" {}\n");
  EXPECT_EQ(file_text(root_ / "handlers/a/src/handler.cpp"), "// yours\n");
  EXPECT_TRUE(litter().empty());
}

// Backends add their files in runs of path order, not all in order (the handlers backend adds the system's
// own files, then each handler's): whatever the order, and however many writers, a stream's plan lists
// the changes in path order, the same as `plan` makes of the same files.
TEST_F(SinkStream, FilesAddedInAnyOrderArePlannedInPathOrder) {
  OutputSet files;
  std::vector<std::vector<std::string>> orders(4);
  for (int i = 0; i < 37; ++i) {
    const std::string name = (i < 10 ? "0" : "") + std::to_string(i);
    files["a/" + name + ".txt"] = {name + "\n", Ownership::Generated};
    files["b/" + name + ".txt"] = {name + "\n", Ownership::Generated};
    files["c/" + name + ".txt"] = {name + "\n", Ownership::Generated};
    // a: shuffled (i * 7 mod 37), b: reversed, c: in order but split between two writers, alternately
    const int shuffled = i * 7 % 37;
    orders[0].push_back("a/" + std::string(shuffled < 10 ? "0" : "") + std::to_string(shuffled) + ".txt");
    orders[1].insert(orders[1].begin(), "b/" + name + ".txt");
    orders[2 + i % 2].push_back("c/" + name + ".txt");
  }
  const Plan planned = plan(files, root_.string(), *disk_);
  for (auto mode : {Stream::Mode::Check, Stream::Mode::Write}) {
    Stream stream(root_.string(), *disk_, mode);
    for (const auto& order : orders) {
      base::FileSink& writer = stream.writer();
      for (const auto& path : order) writer.add(path, files.at(path));
    }
    const Plan streamed = stream.close();
    ASSERT_EQ(streamed.changes.size(), planned.changes.size());
    for (std::size_t i = 0; i < planned.changes.size(); ++i) {
      EXPECT_EQ(streamed.changes[i].path, planned.changes[i].path) << i;
      if (mode == Stream::Mode::Check) {
        EXPECT_EQ(streamed.changes[i].after, planned.changes[i].after) << i;
      }
    }
  }
}

TEST_F(SinkStream, AStreamGivenAPathTwiceWritesNothing) {
  Stream stream(root_.string(), *disk_);
  stream.writer().add("a/x.txt", {"one\n", Ownership::Generated});
  stream.writer().add("a/x.txt", {"two\n", Ownership::Generated});
  Plan p = stream.close();
  EXPECT_EQ(apply(p, *disk_), "the build made 'a/x.txt' twice (a bug in slipway: please report it)");
  EXPECT_FALSE(fs::exists(root_));
  EXPECT_TRUE(litter().empty());
}

TEST_F(SinkStream, AStreamLeftUnclosedLeavesNoFolderItMade) {
  const fs::path root = base_ / "new" / "deeper" / "sys";
  {
    Stream stream(root.string(), *disk_);
    stream.writer().add("a.txt", {"a\n", Ownership::Generated});
    EXPECT_TRUE(fs::exists(base_ / "new" / "deeper")) << "the stage is beside the folder";
  }
  EXPECT_FALSE(fs::exists(base_ / "new"));
  fs::create_directories(base_ / "new" / "deeper" / "theirs");
  {
    Stream stream(root.string(), *disk_);
    stream.writer().add("a.txt", {"a\n", Ownership::Generated});
  }
  EXPECT_TRUE(fs::exists(base_ / "new" / "deeper" / "theirs")) << "only what it made, and only when empty";
}

TEST_F(SinkStream, AStreamLeftUnclosedLeavesNothing) {
  build(sample());
  Ident tf = ident(root_ / "terraform/dev/main.tf");
  {
    Stream stream(root_.string(), *disk_);
    stream.writer().add("terraform/dev/main.tf", {"# changed\n", Ownership::Generated});
    EXPECT_EQ(litter().size(), 1u);
  }  // a backend failed, say
  EXPECT_TRUE(litter().empty());
  EXPECT_EQ(ident(root_ / "terraform/dev/main.tf").ino, tf.ino);
  EXPECT_EQ(file_text(root_ / "terraform/dev/main.tf"), "resource \"x\" \"y\" {}\n");
}

// A file handed on in parts is compared with the file on disk part by part (in blocks of 64 KiB, which the
// parts here straddle) and written into the stage from where it first differs, starting with the bytes
// that matched: whatever the change and however the parts fall, the file written is the new text, and an
// unchanged one is not written at all.
TEST_F(SinkStream, AFileInPartsIsWrittenOnlyWhenItDiffers) {
  std::string text(200'000, ' ');
  std::uint32_t x = 12345;
  for (char& c : text) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>('a' + (x >> 16) % 26);
  }
  const std::string path = "terraform/dev/events.tf";
  auto with = [&](std::string content) {
    OutputSet files = sample();
    files[path] = {std::move(content), Ownership::Generated};
    return files;
  };
  auto changed_at = [&](std::size_t at) {
    std::string t = text;
    t[at] = '#';
    return t;
  };
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"first byte", changed_at(0)},
      {"a block's first byte", changed_at(65'536)},
      {"a block's last byte", changed_at(65'535)},
      {"middle", changed_at(150'001)},
      {"last byte", changed_at(text.size() - 1)},
      {"longer", text + "tail\n"},
      {"the start of it", text.substr(0, 100'000)},
      {"empty", ""},
  };
  // Streams the sample with `content` at `path` in parts, applies the plan, and says what it planned.
  struct Built {
    std::vector<std::pair<std::string, Change::Kind>> changes;
    std::vector<std::string> hand_edited;
    std::string error;  // apply's
  };
  auto build_in_parts = [&](std::string content, std::size_t part_bytes) {
    Plan p = testing::stream_files(with(std::move(content)), root_.string(), *disk_, Stream::Mode::Write, part_bytes);
    Built b;
    for (const auto& c : p.changes) b.changes.emplace_back(c.path, c.kind);
    b.hand_edited = p.hand_edited;
    b.error = apply(p, *disk_);
    return b;
  };
  using Changes = std::vector<std::pair<std::string, Change::Kind>>;
  const Changes updated = {{kManifest, Change::Kind::Update}, {path, Change::Kind::Update}};
  for (std::size_t part_bytes : {std::size_t{70'000}, std::size_t{1'000}, std::size_t{65'536}}) {
    fs::remove_all(root_);
    ASSERT_EQ(build_in_parts(text, part_bytes).error, "");
    ASSERT_EQ(file_text(root_ / path), text);
    const Ident before = ident(root_ / path);
    const Built same = build_in_parts(text, part_bytes);
    EXPECT_EQ(same.changes, Changes{}) << part_bytes;
    EXPECT_EQ(same.error, "");
    EXPECT_EQ(ident(root_ / path).ino, before.ino) << part_bytes;
    EXPECT_EQ(ident(root_ / path).mtime_ns, before.mtime_ns) << part_bytes;
    for (const auto& [what, variant] : variants) {
      const Built b = build_in_parts(variant, part_bytes);
      EXPECT_EQ(b.changes, updated) << what << " " << part_bytes;
      ASSERT_EQ(b.error, "") << what;
      EXPECT_EQ(file_text(root_ / path), variant) << what << " " << part_bytes;
      EXPECT_EQ(parse_manifest(file_text(root_ / kManifest)).files.at(path), content_hash(variant)) << what;
      // ... and back, which the manifest shows as our own output, not a hand edit
      EXPECT_EQ(build_in_parts(text, part_bytes).error, "") << what;
      EXPECT_EQ(file_text(root_ / path), text) << what;
    }
  }
  // A hand edit is found however far into the file it is, and the new text is not written.
  put(root_ / path, changed_at(199'000));
  const Built edited = build_in_parts(changed_at(5), 70'000);
  EXPECT_EQ(edited.hand_edited, std::vector<std::string>{path});
  EXPECT_EQ(edited.error, "refusing to overwrite '" + (root_ / path).string() + "': it was edited by hand");
  EXPECT_EQ(file_text(root_ / path), changed_at(199'000));
  EXPECT_TRUE(litter().empty());
}

// A file whose parts were never finished (its backend threw) may be half written in the stage: the plan
// is refused, and the folder stays as it was.
TEST_F(SinkStream, AFileInPartsNeverFinishedIsNotApplied) {
  build(sample());
  Stream stream(root_.string(), *disk_);
  base::FileSink& writer = stream.writer();
  {
    std::unique_ptr<base::FileParts> parts = writer.open("terraform/dev/main.tf", Ownership::Generated);
    parts->append("# half of a new text");
  }
  Plan p = stream.close();
  EXPECT_EQ(apply(p, *disk_), "the build did not finish 'terraform/dev/main.tf'");
  EXPECT_EQ(file_text(root_ / "terraform/dev/main.tf"), "resource \"x\" \"y\" {}\n");
  EXPECT_TRUE(litter().empty());
}

TEST(SinkDiff, UnifiedDiffOfAnUpdate) {
  Change c{Change::Kind::Update, "a.tf", "one\ntwo\nthree\n", "one\n2\nthree\n"};
  EXPECT_EQ(unified_diff(c), "--- a/a.tf\n+++ b/a.tf\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n");
  Change add{Change::Kind::Create, "n.tf", "", "x\n"};
  EXPECT_EQ(unified_diff(add), "--- /dev/null\n+++ b/n.tf\n@@ -0,0 +1,1 @@\n+x\n");
}

INSTANTIATE_TEST_SUITE_P(Ways, SinkPlan, ::testing::Values(Way::Plan, Way::Stream, Way::Check, Way::Parts),
                         slipway::sink::testing::way_name);

}  // namespace
}  // namespace slipway::sink
