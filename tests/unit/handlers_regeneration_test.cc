// Regeneration rules of handler skeletons, through the CLI in-process: generated files are rewritten,
// handler.cpp is created once and kept, a schema change reaches the generated types, and a hand edit to
// a generated file is reported and nothing is written.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"

namespace slipway {
namespace {

namespace fs = std::filesystem;

// A fresh folder holding the spec and the output, removed at the end.
class Folder {
 public:
  explicit Folder(const std::string& name)
      : root_(fs::temp_directory_path() / ("slipway-handlers-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  std::string path(const std::string& rel) const { return (root_ / rel).string(); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(root_ / rel, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  bool exists(const std::string& rel) const { return fs::exists(root_ / rel); }

 private:
  fs::path root_;
};

constexpr const char* kSpec = R"(slipway: 1
system: dock
buses: { events: {} }
events:
  Moored:
    source: dock.berths
    bus: events
    detail: { berth: string, length: number }
handlers:
  harbour_master:
    emits: [Moored]
  logbook: {}
rules:
  log_moorings:
    on: Moored
    target: { handler: logbook }
)";

struct Outcome {
  int code;
  std::string out, err;
};

Outcome build(const Folder& f) {
  auto reader = cli::real_reader();
  auto disk = sink::real_disk();
  std::ostringstream out, err;
  cli::Io io{out, err, *reader, *disk};
  int code = cli::run({"build", f.path("dock.yaml"), "-o", f.path("out")}, io);
  return Outcome{code, out.str(), err.str()};
}

TEST(HandlersRegeneration, GeneratedFilesAreRewrittenAndTheHandlerBodyIsKept) {
  Folder f("rewrite");
  f.write("dock.yaml", kSpec);
  Outcome first = build(f);
  ASSERT_EQ(first.code, 0) << first.err;
  const std::string body = "out/handlers/logbook/handler.cpp";
  const std::string types = "out/handlers/logbook/generated/handler.h";
  ASSERT_TRUE(f.exists(body));
  EXPECT_NE(f.read(types).find("double length{};"), std::string::npos);

  f.write(body, "// my handler\n");
  std::string spec = kSpec;
  spec.replace(spec.find("length: number"), 14, "length_m: number");
  f.write("dock.yaml", spec);
  Outcome second = build(f);
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_EQ(f.read(body), "// my handler\n");
  EXPECT_EQ(f.read(types).find("double length{};"), std::string::npos);
  EXPECT_NE(f.read(types).find("double length_m{};"), std::string::npos);
}

TEST(HandlersRegeneration, AHandEditToAGeneratedFileIsReportedAndNothingIsWritten) {
  Folder f("hand-edit");
  f.write("dock.yaml", kSpec);
  ASSERT_EQ(build(f).code, 0);
  const std::string glue = "out/handlers/harbour_master/generated/glue.cpp";
  const std::string edited = f.read(glue) + "// tweak\n";
  f.write(glue, edited);
  std::string spec = kSpec;
  spec.replace(spec.find("length: number"), 14, "length_m: number");
  f.write("dock.yaml", spec);
  Outcome r = build(f);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("handlers/harbour_master/generated/glue.cpp: error: this generated file was edited by hand"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(f.read(glue), edited);
  EXPECT_NE(f.read("out/handlers/logbook/generated/handler.h").find("double length{};"), std::string::npos)
      << "nothing may be written while a hand edit is pending";
}

TEST(HandlersRegeneration, RemovingAHandlerKeepsItsBody) {
  Folder f("remove");
  f.write("dock.yaml", kSpec);
  ASSERT_EQ(build(f).code, 0);
  std::string spec = kSpec;
  spec.replace(spec.find("  logbook: {}\n"), 14, "");
  spec = spec.substr(0, spec.find("rules:"));
  f.write("dock.yaml", spec);
  Outcome r = build(f);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(f.exists("out/handlers/logbook/generated/handler.h"));
  EXPECT_TRUE(f.exists("out/handlers/logbook/handler.cpp"));
}

}  // namespace
}  // namespace slipway
