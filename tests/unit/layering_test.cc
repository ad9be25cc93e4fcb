// The stages depend on each other one way only. This test reads every `#include "x/..."` line under
// generator/<stage>/ and fails on an include the table below does not allow, naming file and line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "repository_files.h"

namespace {

namespace fs = std::filesystem;

// Which stages each stage may include (besides itself). "cli" may include anything; nothing includes cli.
const std::map<std::string, std::set<std::string>>& allowed() {
  static const std::map<std::string, std::set<std::string>> k = {
      {"base", {}},
      {"spec", {"base"}},
      {"model", {"base"}},
      {"lower", {"base", "spec", "model"}},
      {"check", {"base", "model"}},
      {"derive", {"base", "model", "match"}},
      {"match", {"base"}},
      {"emit", {"base", "model", "derive", "match"}},
      {"sink", {"base"}},
      {"cli", {"base", "spec", "model", "lower", "check", "derive", "match", "emit", "sink"}},
  };
  return k;
}

// Includes that break the table today and are reported to the lead. Each entry must still exist (the
// test fails when it is fixed, so that the entry is removed and the rule holds again).
struct Known {
  const char* file;
  const char* include;
  const char* why;
};
const std::vector<Known>& known_violations() {
  static const std::vector<Known> k = {
      {"generator/check/names.cc", "derive/naming.h",
       "the name-limit check needs the one naming function; reported: move naming to model/ or allow check->derive"},
  };
  return k;
}

struct Include {
  std::string file;  // relative to the source root
  int line;
  std::string stage;   // of the including file
  std::string target;  // the included path, e.g. "model/model.h"
  bool system;         // <...>
};

std::vector<Include> scan() {
  fs::path root = SLIPWAY_SOURCE_DIR;
  std::vector<Include> out;
  static const std::regex kInclude(R"re(^\s*#\s*include\s*(["<])([^">]+)[">])re");
  for (const auto& p : slipway::testing::generator_sources()) {
    fs::path rel = fs::relative(p, root);
    auto it = rel.begin();
    ++it;  // "generator"
    std::string stage = it->string();
    if (std::next(it) == rel.end()) stage = "";  // generator/main.cc: the program itself
    std::ifstream in(p);
    std::string text;
    int n = 0;
    while (std::getline(in, text)) {
      ++n;
      // std::regex is slow, the more so in this -O0 test build: only lines naming "include" get it.
      if (text.find("include") == std::string::npos) continue;
      std::smatch m;
      if (!std::regex_search(text, m, kInclude)) continue;
      out.push_back({rel.generic_string(), n, stage, m[2].str(), m[1].str() == "<"});
    }
  }
  return out;
}

std::string stage_of(const std::string& include_path) {
  auto slash = include_path.find('/');
  return slash == std::string::npos ? "" : include_path.substr(0, slash);
}

bool is_known(const Include& inc) {
  const auto& k = known_violations();
  return std::any_of(k.begin(), k.end(), [&](const Known& v) { return inc.file == v.file && inc.target == v.include; });
}

TEST(Layering, EveryStageIsInTheTable) {
  for (const auto& e : fs::directory_iterator(fs::path(SLIPWAY_SOURCE_DIR) / "generator")) {
    if (!e.is_directory()) continue;
    EXPECT_TRUE(allowed().count(e.path().filename().string()))
        << "generator/" << e.path().filename().string() << " is a stage missing from tests/unit/layering_test.cc";
  }
}

TEST(Layering, IncludesFollowTheStageTable) {
  std::vector<Include> all = scan();
  ASSERT_GT(all.size(), 50u) << "the scan found too few includes; is SLIPWAY_SOURCE_DIR right?";
  for (const auto& inc : all) {
    if (inc.system || inc.stage.empty()) continue;
    std::string target = stage_of(inc.target);
    if (target.empty() || target == inc.stage) continue;
    if (!allowed().count(target)) continue;  // not a stage (e.g. a generated header)
    if (target == "cli") {
      ADD_FAILURE() << inc.file << ":" << inc.line << ": includes \"" << inc.target << "\"; nothing may include cli/";
      continue;
    }
    if (allowed().at(inc.stage).count(target) || is_known(inc)) continue;
    ADD_FAILURE() << inc.file << ":" << inc.line << ": stage '" << inc.stage << "' includes \"" << inc.target
                  << "\", but " << inc.stage << "/ may include only its own headers and "
                  << ::testing::PrintToString(allowed().at(inc.stage));
  }
}

TEST(Layering, KnownViolationsStillExist) {
  std::vector<Include> all = scan();
  for (const auto& k : known_violations()) {
    bool found = std::any_of(all.begin(), all.end(),
                             [&](const Include& inc) { return inc.file == k.file && inc.target == k.include; });
    EXPECT_TRUE(found) << k.file << " no longer includes " << k.include
                       << "; remove it from known_violations() in tests/unit/layering_test.cc";
  }
}

// The YAML library (yaml-cpp, or libyaml's <yaml.h>) is an implementation detail of spec/.
TEST(Layering, YamlLibraryOnlyInSpec) {
  for (const auto& inc : scan()) {
    bool yaml = inc.target.rfind("yaml-cpp/", 0) == 0 || inc.target == "yaml.h";
    if (!yaml) continue;
    EXPECT_EQ(inc.stage, "spec") << inc.file << ":" << inc.line << ": includes <" << inc.target
                                 << ">; only generator/spec/ may use the YAML library";
  }
}

TEST(Layering, TheProgramIncludesOnlyCli) {
  for (const auto& inc : scan()) {
    if (!inc.stage.empty() || inc.system) continue;
    EXPECT_EQ(stage_of(inc.target), "cli") << inc.file << ":" << inc.line << ": main includes \"" << inc.target << "\"";
  }
}

}  // namespace
