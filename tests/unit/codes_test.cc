// The diagnostic code registry (base/codes.h) is complete and every code has a test case:
//  - every code the sources report is registered (the sources are scanned as text);
//  - every registered code appears in an expected file under tests/invalid, tests/golden, tests/hostile
//    or tests/workflows, except for a short list of codes that a named test covers instead.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/codes.h"
#include "cli/pipeline.h"
#include "repository_files.h"

using slipway::testing::file_text;

namespace {

namespace fs = std::filesystem;
using slipway::base::codes;
using slipway::base::find_code;

const fs::path kRoot = SLIPWAY_SOURCE_DIR;

int line_of(const std::string& text, std::size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

struct Use {
  std::string code;
  std::string where;  // file:line
};

// Call sites whose code is computed; each is listed with how its codes are found.
const std::set<std::string>& dynamic_sites() {
  static const std::set<std::string> k = {
      // check/util.h: unknown(d, span, who, "<kind>", ...) reports "unknown-<kind>"; the kinds are the
      // literal arguments of unknown(...) calls (scanned below) and the reference kinds of ${...}
      // (covered by UnknownReferenceOfEveryKindIsRegistered).
      "generator/check/util.h",
  };
  return k;
}

// Where `name(` starts a call at or after `from` (npos at the end). With `member`, only after `.` or `->`;
// otherwise only at the start of a word. Plain searches: std::regex over every source file took seconds in
// this -O0 test build; the regexes below only see the short text after each call.
std::size_t next_call(const std::string& text, std::size_t from, std::string_view name, bool member) {
  for (std::size_t at = text.find(name, from); at != std::string::npos; at = text.find(name, at + 1)) {
    if (text.compare(at + name.size(), 1, "(") != 0) continue;
    const bool after_dot = at >= 1 && text[at - 1] == '.';
    const bool after_arrow = at >= 2 && text.compare(at - 2, 2, "->") == 0;
    const bool word_start = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_');
    if (member ? (after_dot || after_arrow) : word_start) return at;
  }
  return std::string::npos;
}

std::size_t skip_space(const std::string& text, std::size_t i) {
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

// Scans generator/**/*.{cc,h} for `.error("code", ...)`, `.warning("code", ...)`, codes chosen by a
// `cond ? "a" : "b"` first argument, and `unknown(d, ..., "kind", ...)` calls.
std::vector<Use> scan_uses(std::vector<std::string>& unexplained_dynamic) {
  std::vector<Use> out;
  static const std::regex kLiteral(R"re(^"([a-z0-9-]+)"\s*,)re");
  static const std::regex kTernary(R"re(^[^;"]*\?\s*"([a-z0-9-]+)"\s*:\s*"([a-z0-9-]+)"\s*,)re");
  static const std::regex kKindArg(R"re(,\s*"([a-z]+)"\s*(?=,))re");
  for (const auto& p : slipway::testing::generator_sources()) {
    std::string rel = fs::relative(p, kRoot).generic_string();
    std::string text = file_text(p);
    // `.error(` and `.warning(` (or after `->`), in the order they appear.
    std::size_t e = next_call(text, 0, "error", true);
    std::size_t w = next_call(text, 0, "warning", true);
    while (e != std::string::npos || w != std::string::npos) {
      const bool is_error = e < w;
      const std::size_t at = is_error ? e : w;
      const std::size_t after = skip_space(text, at + (is_error ? 6 : 8));
      if (is_error) e = next_call(text, at + 1, "error", true);
      else w = next_call(text, at + 1, "warning", true);
      std::string rest = text.substr(after, 300);
      std::string where = rel + ":" + std::to_string(line_of(text, after));
      std::smatch m;
      if (std::regex_search(rest, m, kLiteral)) {
        out.push_back({m[1].str(), where});
      } else if (std::regex_search(rest, m, kTernary)) {
        out.push_back({m[1].str(), where});
        out.push_back({m[2].str(), where});
      } else if (!dynamic_sites().count(rel)) {
        unexplained_dynamic.push_back(where + ": " + rest.substr(0, rest.find('\n')));
      }
    }
    // `unknown(d, ...)`
    for (std::size_t at = next_call(text, 0, "unknown", false); at != std::string::npos;
         at = next_call(text, at + 1, "unknown", false)) {
      std::size_t i = skip_space(text, at + 8);
      if (text.compare(i, 1, "d") != 0) continue;
      i = skip_space(text, i + 1);
      if (text.compare(i, 1, ",") != 0) continue;
      const std::size_t start = i + 1;
      std::size_t end = text.find(");", start);
      std::string args = text.substr(start, end == std::string::npos ? 300 : end - start);
      std::string where = rel + ":" + std::to_string(line_of(text, start));
      std::smatch m;
      if (std::regex_search(args, m, kKindArg)) out.push_back({"unknown-" + m[1].str(), where});
    }
  }
  return out;
}

TEST(Codes, RegistryIsSortedUniqueAndDescribed) {
  const auto& all = codes();
  ASSERT_FALSE(all.empty());
  static const std::set<std::string> kStages = {"spec", "lower", "check", "emit", "cli"};
  static const std::regex kShape("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::string code(all[i].code);
    EXPECT_TRUE(std::regex_match(code, kShape)) << code << " is not lowercase-with-dashes";
    EXPECT_FALSE(all[i].description.empty()) << code;
    EXPECT_TRUE(kStages.count(std::string(all[i].stage))) << code << ": unknown stage " << all[i].stage;
    if (i) {
      EXPECT_LT(all[i - 1].code, all[i].code) << "codes() must be sorted and unique";
    }
    EXPECT_EQ(find_code(code), &all[i]);
  }
  EXPECT_EQ(find_code("no-such-code"), nullptr);
  EXPECT_EQ(find_code(""), nullptr);
}

TEST(Codes, EveryCodeInTheSourcesIsRegistered) {
  std::vector<std::string> dynamic;
  std::vector<Use> uses = scan_uses(dynamic);
  ASSERT_GT(uses.size(), 100u) << "the scan found too few diagnostics; is SLIPWAY_SOURCE_DIR right?";
  for (const auto& u : uses) {
    EXPECT_NE(find_code(u.code), nullptr) << u.where << ": code '" << u.code
                                          << "' is not registered in generator/base/codes.cc";
  }
  for (const auto& d : dynamic) {
    ADD_FAILURE() << d << "\n  the code is not a string literal; use a literal, or list the site in "
                          "dynamic_sites() with how its codes are tested";
  }
  // The scan must see the codes produced through the helpers, or it proves nothing about them.
  std::set<std::string> seen;
  for (const auto& u : uses) seen.insert(u.code);
  for (const char* c : {"unknown-key", "unknown-handler", "unknown-event", "include-not-found", "io", "yaml-syntax"}) {
    EXPECT_TRUE(seen.count(c)) << "the source scan no longer finds '" << c << "'";
  }
}

// Reference kinds are computed from `${kind.NAME...}`, so the scan cannot see them: compile one spec
// per kind and check that every code it reports is registered.
class MemoryReader : public slipway::spec::FileReader {
 public:
  explicit MemoryReader(std::string text) : text_(std::move(text)) {}
  std::optional<std::string> read(const std::string& path) override {
    return path == "spec.yaml" ? std::optional(text_) : std::nullopt;
  }

 private:
  std::string text_;
};

TEST(Codes, UnknownReferenceOfEveryKindIsRegistered) {
  const std::vector<std::pair<std::string, std::string>> kRefs = {
      {"flags", "${flags.nope}"},           {"buckets", "${buckets.nope.name}"},
      {"tables", "${tables.nope.name}"},    {"queues", "${queues.nope.url}"},
      {"topics", "${topics.nope.arn}"},     {"secrets", "${secrets.nope.arn}"},
      {"parameters", "${parameters.nope.name}"}, {"buses", "${buses.nope.arn}"},
      {"handlers", "${handlers.nope.arn}"}, {"workflows", "${workflows.nope.arn}"},
      {"schedules", "${schedules.nope.arn}"}};
  for (const auto& [kind, ref] : kRefs) {
    MemoryReader reader("slipway: 1\nsystem: shop\nhandlers:\n  h:\n    env: { X: \"" + ref + "\" }\n");
    auto c = slipway::cli::compile("spec.yaml", reader);
    ASSERT_EQ(c.diags.error_count(), 1u) << kind << ":\n" << slipway::base::format_text(c.diags, c.sources);
    const auto& d = c.diags.items().front();
    EXPECT_EQ(d.code.rfind("unknown-", 0), 0u) << kind << ": " << d.code;
    EXPECT_NE(find_code(d.code), nullptr) << kind << ": code '" << d.code << "' is not registered";
  }
}

// Codes that no expected file holds, each with the test that covers it instead.
const std::map<std::string, std::string>& exemptions() {
  static const std::map<std::string, std::string> k = {
      {"io", "SpecLoader.UnreadableRootFileIsAnIoError (tests/unit/spec_loader_test.cc)"},
      {"file-too-large", "SpecLoader.FileSizeLimit (tests/unit/spec_loader_test.cc)"},
      {"include-limit", "SpecLoader.IncludeLimit (tests/unit/spec_loader_test.cc)"},
      {"unknown-environment", "CheckPipeline.UnknownEnvironment (tests/unit/check_pipeline_test.cc)"},
      // Reported by the backends, after checking; owned and tested by their engineers.
      {"definition-too-large", "the ASL backend's tests (emit/asl)"},
      {"iam-policy-too-large", "the IAM backend's tests (emit/iam)"},
      {"resource-policy-too-large",
       "IamBackend.AQueuePolicyThatNoPatternFitsIsAnError (tests/unit/iam_derive_test.cc)"},
      {"template-error", "the handlers backend's tests (emit/handlers)"},
      {"iam-role-name-too-long", "the IAM backend's tests (emit/iam)"},
      // check/iam.cc (IAM engineer) is not yet in check.cc's pass table, so validate cannot report these.
      {"iam-wildcard", "check/iam.cc, not yet run by check.cc (IAM engineer)"},
      {"iam-role-conflict", "check/iam.cc, not yet run by check.cc (IAM engineer)"},
      // check/workflow_types.cc (workflows engineer): no spec found yet that reaches it through validate.
      {"unknown-input-path", "the workflows engineer's tests (check/workflow_types.cc)"},
  };
  return k;
}

TEST(Codes, EveryRegisteredCodeHasATestCase) {
  std::string corpus;
  for (const char* dir : {"invalid", "golden", "hostile", "workflows"}) {
    fs::path p = kRoot / "tests" / dir;
    if (!fs::exists(p)) continue;
    for (const auto& e : fs::recursive_directory_iterator(p)) {
      if (e.is_regular_file() && e.path().extension() == ".expected") corpus += file_text(e.path());
    }
  }
  ASSERT_FALSE(corpus.empty());
  for (const auto& c : codes()) {
    std::string code(c.code);
    bool covered = corpus.find("[" + code + "]\n") != std::string::npos;
    if (covered || exemptions().count(code)) continue;
    ADD_FAILURE() << "code '" << code << "' appears in no expected file; add a case to tests/invalid/";
  }
  for (const auto& [code, test] : exemptions()) {
    EXPECT_NE(find_code(code), nullptr) << "exempted code '" << code << "' is not registered";
    EXPECT_FALSE(test.empty());
  }
}

}  // namespace
