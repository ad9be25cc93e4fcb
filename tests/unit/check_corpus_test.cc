// The invalid-spec corpus: every tests/invalid/<case>.yaml is compiled in-process and its diagnostics,
// exactly as `slipway validate` prints them, are compared with tests/invalid/<case>.expected.
// SLIPWAY_UPDATE_GOLDEN=1 rewrites the expected files (read every one you regenerate).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sys/wait.h>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/codes.h"
#include "cli/pipeline.h"

namespace {

namespace fs = std::filesystem;

const fs::path kRoot = SLIPWAY_SOURCE_DIR;

std::optional<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads paths relative to the source root, so that diagnostics print `tests/invalid/x.yaml`.
class SourceTreeReader : public slipway::spec::FileReader {
 public:
  std::optional<std::string> read(const std::string& path) override {
    if (path.empty() || path[0] == '/') return std::nullopt;
    return slurp(kRoot / path);
  }
};

// What `slipway validate <path>` prints on stderr for the spec.
std::string validate_text(const std::string& path) {
  SourceTreeReader reader;
  slipway::cli::Compiled c = slipway::cli::compile(path, reader);
  std::string out = slipway::base::format_text(c.diags, c.sources);
  if (!c.diags.items().empty()) out += path + ": " + slipway::cli::summary(c.diags) + "\n";
  return out;
}

std::vector<std::string> cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kRoot / "tests" / "invalid")) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool updating() {
  const char* v = std::getenv("SLIPWAY_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

TEST(CheckCorpus, EveryCaseMatchesItsExpectedDiagnostics) {
  std::vector<std::string> all = cases();
  ASSERT_GE(all.size(), 70u) << "the invalid corpus should hold at least 70 cases";
  for (const auto& name : all) {
    std::string path = "tests/invalid/" + name + ".yaml";
    fs::path expected_file = kRoot / "tests" / "invalid" / (name + ".expected");
    std::string got = validate_text(path);
    EXPECT_FALSE(got.empty()) << path << ": an invalid spec must produce at least one diagnostic";
    if (updating()) {
      std::ofstream(expected_file, std::ios::binary) << got;
      continue;
    }
    std::optional<std::string> want = slurp(expected_file);
    ASSERT_TRUE(want.has_value()) << expected_file << " is missing; run with SLIPWAY_UPDATE_GOLDEN=1";
    EXPECT_EQ(got, *want) << "diagnostics of " << path << " differ from " << expected_file;
  }
}

TEST(CheckCorpus, NoExpectedFileWithoutItsSpec) {
  std::vector<std::string> all = cases();
  std::set<std::string> names(all.begin(), all.end());
  for (const auto& e : fs::directory_iterator(kRoot / "tests" / "invalid")) {
    if (e.path().extension() != ".expected") continue;
    EXPECT_TRUE(names.count(e.path().stem().string())) << e.path() << " has no .yaml beside it";
  }
}

// Every diagnostic line names a registered code, and a spec with errors fails (not only warns).
TEST(CheckCorpus, EveryPrintedCodeIsRegistered) {
  for (const auto& name : cases()) {
    std::optional<std::string> want = slurp(kRoot / "tests" / "invalid" / (name + ".expected"));
    if (!want) continue;
    std::istringstream lines(*want);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find(": error: ") == std::string::npos && line.find(": warning: ") == std::string::npos) continue;
      auto open = line.rfind(" [");
      ASSERT_NE(open, std::string::npos) << name << ": " << line;
      ASSERT_EQ(line.back(), ']') << name << ": " << line;
      std::string code = line.substr(open + 2, line.size() - open - 3);
      EXPECT_NE(slipway::base::find_code(code), nullptr) << name << ": code [" << code << "] is not registered";
    }
  }
}

// The in-process text is what the real binary prints: run `slipway validate` on a sample of cases.
TEST(CheckCorpus, BinaryPrintsTheSameText) {
  std::vector<std::string> all = cases();
  std::size_t checked = 0;
  for (std::size_t i = 0; i < all.size(); i += 7) {
    std::string path = "tests/invalid/" + all[i] + ".yaml";
    std::string cmd = "cd '" + kRoot.string() + "' && '" + std::string(SLIPWAY_BINARY) + "' validate '" + path +
                      "' 2>&1 >/dev/null";
    std::array<char, 4096> buf{};
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    int rc = pclose(p);
    EXPECT_EQ(out, validate_text(path)) << path;
    bool has_error = out.find(": error: ") != std::string::npos;
    EXPECT_EQ(WEXITSTATUS(rc), has_error ? 1 : 0) << path;
    ++checked;
  }
  EXPECT_GT(checked, 5u);
}

}  // namespace
