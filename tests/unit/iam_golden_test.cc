// Golden files of the IAM backend over the hand-built fixture. SLIPWAY_UPDATE_GOLDEN=1 rewrites them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "emit/backend.h"
#include "emit/iam/report.h"
#include "repository_files.h"

using slipway::testing::file_text;

namespace slipway_iam_test {
slipway::model::System collectiq();
}

namespace {

namespace fs = std::filesystem;

TEST(IamGolden, Collectiq) {
  slipway::model::Program program;
  program.systems.push_back(slipway_iam_test::collectiq());
  slipway::base::OutputSet out;
  slipway::base::Diagnostics diags;
  slipway::emit::make_iam_backend()->emit(program, {}, out, diags);
  EXPECT_FALSE(diags.has_errors());
  ASSERT_FALSE(out.empty());

  const fs::path root = fs::path(SLIPWAY_SOURCE_DIR) / "tests/golden/iam/collectiq";
  const char* update = std::getenv("SLIPWAY_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    fs::remove_all(root);
    for (const auto& [path, file] : out) {
      fs::create_directories((root / path).parent_path());
      std::ofstream(root / path, std::ios::binary) << file.content;
    }
  }
  std::size_t on_disk = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    ++on_disk;
    std::string rel = fs::relative(entry.path(), root).generic_string();
    EXPECT_TRUE(out.count(rel)) << "golden file no longer generated: " << rel;
  }
  EXPECT_EQ(on_disk, out.size());
  for (const auto& [path, file] : out) {
    EXPECT_EQ(file.content, file_text(root / path)) << "differs from golden: " << path
                                               << " (SLIPWAY_UPDATE_GOLDEN=1 to accept)";
  }
}

TEST(IamGolden, OutputDoesNotDependOnInputOrder) {
  auto a = slipway_iam_test::collectiq();
  auto b = a;
  // The backend must not care how the rule targets or uses were listed beyond the model's own sorting.
  std::reverse(b.rules[1].targets.begin(), b.rules[1].targets.end());
  std::reverse(b.handlers[0].uses.begin(), b.handlers[0].uses.end());
  slipway::model::Program pa, pb;
  pa.systems.push_back(a);
  pb.systems.push_back(b);
  slipway::base::OutputSet oa, ob;
  slipway::base::Diagnostics d;
  slipway::emit::make_iam_backend()->emit(pa, {}, oa, d);
  slipway::emit::make_iam_backend()->emit(pb, {}, ob, d);
  ASSERT_EQ(oa.size(), ob.size());
  for (const auto& [path, file] : oa) EXPECT_EQ(file.content, ob[path].content) << path;
}

}  // namespace

namespace {

// A cell of the permissions report stays one cell on one line: '|' is escaped and a line break becomes a
// space, whatever the spec's text held; everything else is copied as it is.
TEST(IamReport, CellsEscapePipesAndLineBreaks) {
  slipway::model::System s;
  s.name = "x";
  s.environment = "dev";
  slipway::derive::IamModel m;
  slipway::derive::Role r;
  r.id = "fn_a";
  r.name = "x-dev-a-fn";
  r.service = "lambda.amazonaws.com";
  slipway::derive::Statement plain;
  plain.sid = "Plain";
  plain.actions = {"s3:GetObject"};
  plain.resources = {"arn:aws:s3:::x-dev-files/in/*"};
  plain.why = "uses: { files: read }";
  slipway::derive::Statement odd = plain;
  odd.sid = "Odd";
  odd.resources = {"arn:aws:s3:::a|b/*"};
  odd.why = "aws: grant\nof two lines | and a pipe";
  r.statements = {plain, odd};
  m.roles.push_back(r);
  const std::string text = slipway::emit::iam::permissions_report(s, m);
  EXPECT_NE(text.find("| role `fn_a` (lambda.amazonaws.com) | `s3:GetObject` | `arn:aws:s3:::x-dev-files/in/*` |  | "
                      "uses: { files: read } |\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("| `arn:aws:s3:::a\\|b/*` |  | aws: grant of two lines \\| and a pipe |\n"), std::string::npos)
      << text;
}

}  // namespace
