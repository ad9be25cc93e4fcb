// Runs the table-driven EventBridge pattern cases of tests/match/*.json.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "match/pattern.h"

namespace {

using slipway::match::Value;

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Value* field(const Value& v, const std::string& k) { return v.find(k); }

TEST(MatchCorpus, EveryCase) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(SLIPWAY_SOURCE_DIR) / "tests" / "match";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  std::size_t cases = 0;
  for (const auto& f : files) {
    std::string error;
    auto doc = slipway::match::parse_json(read(f), error);
    ASSERT_TRUE(doc && doc->is_array()) << f << ": " << error;
    for (const Value& c : doc->items) {
      ++cases;
      const Value* name = field(c, "name");
      const Value* pattern = field(c, "pattern");
      const Value* event = field(c, "event");
      const Value* expect = field(c, "expect");
      const Value* reason = field(c, "reason");
      ASSERT_TRUE(name && pattern && event && expect) << f << ": a case lacks name, pattern, event or expect";
      std::string label = f.filename().string() + ": " + name->text;
      std::string invalid = slipway::match::validate_pattern(*pattern);
      if (expect->text == "invalid") {
        EXPECT_FALSE(invalid.empty()) << label << ": the pattern should be rejected";
        if (reason) {
          EXPECT_NE(invalid.find(reason->text), std::string::npos) << label << ": got '" << invalid << "'";
        }
        continue;
      }
      ASSERT_TRUE(invalid.empty()) << label << ": unexpected validation error: " << invalid;
      auto r = slipway::match::match_event(*pattern, *event);
      EXPECT_EQ(r.matched, expect->text == "match") << label << (r.matched ? "" : ": " + r.reason);
      if (!r.matched) {
        EXPECT_FALSE(r.reason.empty()) << label;
      }
      if (reason && !r.matched) {
        EXPECT_NE(r.reason.find(reason->text), std::string::npos) << label << ": got '" << r.reason << "'";
      }
    }
  }
  EXPECT_GE(cases, 100u);
}

TEST(MatchCorpus, JsonOverloadsAgree) {
  auto p = nlohmann::json::parse(R"({"detail": {"n": [{"numeric": [">", 1]}], "s": [{"prefix": "a"}]}})");
  EXPECT_EQ(slipway::match::validate_pattern(p), "");
  EXPECT_TRUE(slipway::match::match_event(p, nlohmann::json::parse(R"({"detail": {"n": 2, "s": "ab"}})")).matched);
  auto r = slipway::match::match_event(p, nlohmann::json::parse(R"({"detail": {"n": 0, "s": "ab"}})"));
  EXPECT_FALSE(r.matched);
  EXPECT_EQ(r.reason, "detail.n: the value 0 does not match [{\"numeric\":[\">\",1]}]");
}

TEST(MatchValue, KeepsNumberText) {
  std::string error;
  auto v = slipway::match::parse_json(R"({"a": 3.0e2, "b": 300, "c": 300.0})", error);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->find("a")->json_text(), "3.0e2");
  EXPECT_EQ(v->find("b")->json_text(), "300");
  EXPECT_EQ(v->find("c")->json_text(), "300.0");
  EXPECT_FALSE(slipway::match::parse_json("{", error));
  EXPECT_FALSE(error.empty());
}

}  // namespace
