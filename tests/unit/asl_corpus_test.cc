// The workflow corpus: every tests/workflows/<case>.yaml compiles cleanly and its definitions match
// tests/golden/asl/corpus/<case>/<workflow>.asl.json; every tests/workflows/invalid/<case>.yaml prints
// exactly tests/workflows/invalid/<case>.expected. SLIPWAY_UPDATE_GOLDEN=1 rewrites both.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "cli/pipeline.h"
#include "derive/workflow.h"
#include "emit/backend.h"

namespace slipway {
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

class SourceTreeReader : public spec::FileReader {
 public:
  std::optional<std::string> read(const std::string& path) override {
    if (path.empty() || path[0] == '/') return std::nullopt;
    return slurp(kRoot / path);
  }
};

std::vector<std::string> specs_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool updating() {
  const char* v = std::getenv("SLIPWAY_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> out;
  static const std::regex kPlaceholder(R"((^|[^$])\$\{([A-Za-z0-9_]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kPlaceholder); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[2]);
  }
  return out;
}

TEST(AslCorpus, EveryWorkflowCompilesToItsGoldenDefinition) {
  const auto cases = specs_in(kRoot / "tests" / "workflows");
  ASSERT_GE(cases.size(), 30u) << "the corpus should hold at least 30 workflow examples";
  for (const auto& name : cases) {
    SourceTreeReader reader;
    cli::Compiled c = cli::compile("tests/workflows/" + name + ".yaml", reader);
    EXPECT_FALSE(c.diags.has_errors()) << name << ":\n" << base::format_text(c.diags, c.sources);
    if (c.program.systems.empty()) continue;
    base::OutputSet out;
    base::Diagnostics diags;
    emit::make_asl_backend()->emit(c.program, {}, out, diags);
    EXPECT_FALSE(diags.has_errors()) << name;
    const model::System& sys = c.program.systems.front();
    EXPECT_FALSE(sys.workflows.empty()) << name;
    for (const auto& w : sys.workflows) {
      const std::string key = "statemachines/" + w.name + ".asl.json";
      ASSERT_TRUE(out.count(key)) << name << ": " << key;
      const std::string& text = out.at(key).content;
      std::set<std::string> given;
      for (const auto& [k, _] : derive::workflow_template_vars(sys, w)) given.insert(k);
      EXPECT_EQ(placeholders(text), given) << name << ": placeholders of " << w.name;
      const fs::path golden = kRoot / "tests" / "golden" / "asl" / "corpus" / name / (w.name + ".asl.json");
      if (updating()) {
        fs::create_directories(golden.parent_path());
        std::ofstream(golden, std::ios::binary) << text;
        continue;
      }
      EXPECT_EQ(slurp(golden).value_or("<missing>"), text) << golden << " differs (SLIPWAY_UPDATE_GOLDEN=1 rewrites)";
    }
  }
}

TEST(AslCorpus, InvalidWorkflowsPrintTheirExpectedDiagnostics) {
  const fs::path dir = kRoot / "tests" / "workflows" / "invalid";
  const auto cases = specs_in(dir);
  ASSERT_GE(cases.size(), 10u);
  for (const auto& name : cases) {
    const std::string path = "tests/workflows/invalid/" + name + ".yaml";
    SourceTreeReader reader;
    cli::Compiled c = cli::compile(path, reader);
    std::string got = base::format_text(c.diags, c.sources);
    if (!c.diags.items().empty()) got += path + ": " + cli::summary(c.diags) + "\n";
    EXPECT_TRUE(c.diags.has_errors()) << path;
    const fs::path expected = dir / (name + ".expected");
    if (updating()) {
      std::ofstream(expected, std::ios::binary) << got;
      continue;
    }
    EXPECT_EQ(slurp(expected).value_or("<missing>"), got) << path;
  }
}

}  // namespace
}  // namespace slipway
