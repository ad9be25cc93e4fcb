// slipway diff (resources, replacements, IAM atoms, the broadening gate) and build --check end to end.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/diff_model.h"
#include "../match/cli_test_util.h"

namespace {

using slipway::testing::run_cli;
using slipway::testing::TempDir;
namespace diff = slipway::cli::diff;

TEST(DiffTerraform, FlattensBlocksAndMultiLineValues) {
  diff::Resources r;
  diff::parse_terraform(R"(# comment
resource "aws_cloudwatch_event_target" "a_b" {
  rule = aws_cloudwatch_event_rule.a.name
  input_template = jsonencode({
    id = "<id>"
  })

  retry_policy {
    maximum_retry_attempts = 3
  }

  retry_policy {
    maximum_retry_attempts = 4
  }
}

data "aws_caller_identity" "current" {}

variable "flag" {
  type    = bool
  default = true
}
)",
                        r);
  ASSERT_EQ(r.size(), 3u);
  const auto& t = r.at("aws_cloudwatch_event_target.a_b");
  EXPECT_EQ(t.at("rule"), "aws_cloudwatch_event_rule.a.name");
  EXPECT_EQ(t.at("input_template"), "jsonencode({id = \"<id>\" })");
  EXPECT_EQ(t.at("retry_policy[0].maximum_retry_attempts"), "3");
  EXPECT_EQ(t.at("retry_policy[1].maximum_retry_attempts"), "4");
  EXPECT_TRUE(r.count("data.aws_caller_identity.current"));
  EXPECT_EQ(r.at("variable.flag").at("default"), "true");
}

TEST(DiffIam, BroadeningRules) {
  auto policy = [](const std::string& stmts) { return R"({"Version": "2012-10-17", "Statement": [)" + stmts + "]}"; };
  std::string base = R"({"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:b/*"],
                         "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}})";
  slipway::base::OutputSet before, narrower, wider_action, dropped_condition, new_resource;
  before["iam/dev/fn_a.json"].content = policy(base);
  // A stricter condition and a removed statement are not broadening.
  narrower["iam/dev/fn_a.json"].content = policy(R"({"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:b/x/*"],
      "Condition": {"StringEquals": {"aws:SourceAccount": "1", "aws:SourceArn": "x"}}})");
  wider_action["iam/dev/fn_a.json"].content =
      policy(R"({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:b/*"],
                 "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}})");
  dropped_condition["iam/dev/fn_a.json"].content =
      policy(R"({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:b/*"})");
  new_resource["iam/dev/fn_a.json"].content = policy(base + R"(, {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:c/*"]})");

  auto broad = [&](const slipway::base::OutputSet& after) {
    auto d = diff::compare(before, after, "");
    return d.size() == 1 ? d[0].broadening.size() : 99u;
  };
  EXPECT_EQ(broad(before), 0u);
  EXPECT_EQ(broad(narrower), 0u);
  EXPECT_EQ(broad(wider_action), 1u);
  EXPECT_EQ(broad(dropped_condition), 1u);
  EXPECT_EQ(broad(new_resource), 1u);
  auto d = diff::compare(before, wider_action, "");
  ASSERT_EQ(d[0].added.size(), 1u);
  EXPECT_EQ(d[0].added[0].action, "s3:PutObject");
  EXPECT_EQ(d[0].added[0].condition, R"({"StringEquals":{"aws:SourceAccount":"1"}})");
}

const char* kOld = R"(slipway: 1
system: shop
tables:
  orders: { key: { pk: string } }
handlers:
  reader:
    uses: { orders: read }
)";

TEST(CliDiff, ResourcesReplacementsAndGate) {
  TempDir t("diff");
  auto old_spec = t.file("old.yaml", kOld);
  std::string changed = kOld;
  changed.replace(changed.find("pk: string"), 10, "id: string");              // hash key: replaced
  changed.replace(changed.find("orders: read"), 12, "orders: readwrite");     // more permissions
  changed += "    memory: 1024\n";
  auto new_spec = t.file("new.yaml", changed);

  auto r = run_cli({"diff", old_spec, new_spec});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("-/+ aws_dynamodb_table.orders"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hash_key: \"pk\" -> \"id\"  # forces replacement"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("~ aws_lambda_function.reader"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("memory_size: 512 -> 1024"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("iam + fn_reader: Allow dynamodb:PutItem"), std::string::npos) << r.out;

  r = run_cli({"diff", old_spec, new_spec, "--fail-on-broadening", "--format", "markdown"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.out.find("| ➕ | `fn_reader` | Allow | — | `dynamodb:PutItem` |"), std::string::npos) << r.out;

  r = run_cli({"diff", new_spec, old_spec, "--fail-on-broadening", "--format", "json"});
  EXPECT_EQ(r.code, 0) << r.out;  // the reverse only narrows
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j[0]["environment"], "dev");
  EXPECT_TRUE(j[0]["broadening"].empty());
  EXPECT_FALSE(j[0]["iam_removed"].empty());

  r = run_cli({"diff", old_spec, old_spec, "--fail-on-broadening"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("0 to add, 0 to change, 0 to replace, 0 to destroy; IAM: 0 permission(s) added"), std::string::npos);

  r = run_cli({"diff", old_spec});
  EXPECT_EQ(r.code, 2);
}

TEST(CliDiff, WorkflowDefinitionChanges) {
  TempDir t("diff-asl");
  std::string spec = slipway::testing::kMiniSpec;
  auto old_spec = t.file("old.yaml", spec);
  spec.replace(spec.find("      - pack: worker\n"), 21, "      - pack: worker\n      - rest: { wait: 30s }\n");
  auto new_spec = t.file("new.yaml", spec);
  auto r = run_cli({"diff", old_spec, new_spec, "--fail-on-broadening"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("~ aws_sfn_state_machine.ship\n      definition (statemachines/ship.asl.json): previous "
                       "definition -> states added: rest; states changed: pack"),
            std::string::npos)
      << r.out;
}

TEST(CliBuildCheck, FreshStaleAndExtra) {
  TempDir t("check");
  auto spec = t.file("mini.yaml", slipway::testing::kMiniSpec);
  auto out = t / "out";
  ASSERT_EQ(run_cli({"build", spec, "-o", out, "-q"}).code, 0);
  auto r = run_cli({"build", spec, "-o", out, "--check"});
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_EQ(r.out, "");
  auto tree = slipway::testing::read_tree(out);
  t.file("out/ARCHITECTURE.md", tree["ARCHITECTURE.md"] + "hand edit\n");
  r = run_cli({"build", spec, "-o", out, "--check"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("--- a/ARCHITECTURE.md"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-hand edit"), std::string::npos) << r.out;
  // --check writes nothing.
  EXPECT_NE(slipway::testing::read_tree(out)["ARCHITECTURE.md"].find("hand edit"), std::string::npos);
}

}  // namespace
