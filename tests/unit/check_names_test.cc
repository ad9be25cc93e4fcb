// check/names.cc: AWS name limits after `<system>-<env>-` prefixing, bucket naming rules.
#include <gtest/gtest.h>

#include <string>

#include "check/passes.h"
#include "lower/lower.h"
#include "spec/loader.h"

namespace {

using slipway::base::Diagnostics;
using slipway::base::Sources;

std::string names(const std::string& yaml, const std::string& system = "shop") {
  Sources sources;
  Diagnostics lowering;
  std::uint32_t file = sources.add("t.yaml");
  auto root = slipway::spec::parse_yaml("slipway: 1\nsystem: " + system + "\n" + yaml, file, lowering);
  if (!root) return "<no root>";
  auto program = slipway::lower::lower(*root, lowering);
  EXPECT_EQ(slipway::base::format_text(lowering, sources), "") << "the spec must lower cleanly";
  Diagnostics d;
  for (const auto& s : program.systems) slipway::check::check_names(s, d);
  d.sort_and_unique();
  return slipway::base::format_text(d, sources);
}

std::string n(char c, std::size_t len) { return std::string(len, c); }

TEST(CheckNames, FunctionAndRoleAtTheLimit) {
  // "shop-dev-" is 9 characters: a 55-character handler makes a 64-character function; its role is 67.
  EXPECT_EQ(names("handlers: { " + n('a', 52) + ": {} }\n"), "") << "function 61, role 64: both fit";
  EXPECT_EQ(names("handlers: { " + n('a', 53) + ": {} }\n"),
            "t.yaml:3:13: error: handler '" + n('a', 53) + "' becomes the IAM role name 'shop-dev-" + n('a', 53) +
                "-fn' (65 characters), over AWS's limit of 64 [name-too-long]\n"
                "  help: shorten the name by at least 1 character\n");
  std::string h = n('b', 56);
  EXPECT_EQ(names("handlers: { " + h + ": {} }\n"),
            "t.yaml:3:13: error: handler '" + h + "' becomes the IAM role name 'shop-dev-" + h +
                "-fn' (68 characters), over AWS's limit of 64 [name-too-long]\n"
                "  help: shorten the name by at least 4 characters\n"
                "t.yaml:3:13: error: handler '" + h + "' becomes the Lambda function name 'shop-dev-" + h +
                "' (65 characters), over AWS's limit of 64 [name-too-long]\n"
                "  help: shorten the name by at least 1 character\n");
}

TEST(CheckNames, UnderscoresBecomeDashes) {
  std::string out = names("handlers: { a_b: {} }\nenvironments: { my_env: {} }\nrules: { " + n('r', 60) +
                          ": { schedule: rate(1 day), target: { handler: a_b } } }\n");
  EXPECT_NE(out.find("'shop-my-env-" + n('r', 60) + "' (72 characters)"), std::string::npos) << out;
}

TEST(CheckNames, StateMachinesQueuesAndFifo) {
  // system 29 + env 10 + two dashes: a 41-character prefix.
  const std::string sys = "inventory-management-platform";
  const std::string env = "environments: { production: {} }\n";
  std::string w = n('w', 39);  // state machine 80: fits; role 80 + 4 > 64
  std::string out = names(env + "handlers: { h: {} }\nworkflows: { " + w + ": { steps: [ { s: h } ] } }\n", sys);
  EXPECT_EQ(out.find("state machine"), std::string::npos) << out;
  EXPECT_NE(out.find("IAM role name '" + sys + "-production-" + w + "-sfn' (84 characters)"), std::string::npos) << out;
  out = names(env + "handlers: { h: {} }\nworkflows: { " + n('w', 40) + ": { steps: [ { s: h } ] } }\n", sys);
  EXPECT_NE(out.find("state machine name '" + sys + "-production-" + n('w', 40) + "' (81 characters), over AWS's limit of 80"),
            std::string::npos)
      << out;
  EXPECT_EQ(names(env + "queues: { " + n('q', 39) + ": {} }\n", sys), "");
  out = names(env + "queues: { " + n('q', 35) + ": { fifo: true } }\n", sys);
  EXPECT_NE(out.find("SQS queue name '" + sys + "-production-" + n('q', 35) + ".fifo' (81 characters)"), std::string::npos)
      << out;
}

TEST(CheckNames, BucketsAreLowercaseAnd3To63) {
  EXPECT_EQ(names("buckets: { files: {} }\n"), "");
  EXPECT_EQ(names("buckets: { Files: {} }\n"),
            "t.yaml:3:12: error: bucket name 'Files' has capital letters, but S3 bucket names are lowercase "
            "[bad-bucket-name]\n"
            "  help: write the bucket name in lowercase\n");
  EXPECT_EQ(names("buckets: { " + n('b', 54) + ": {} }\n"), "");
  std::string out = names("buckets: { " + n('b', 55) + ": {} }\n");
  EXPECT_NE(out.find("S3 bucket name 'shop-dev-" + n('b', 55) + "' (64 characters), over AWS's limit of 63"),
            std::string::npos)
      << out;
}

TEST(CheckNames, EnvironmentNamesCountToo) {
  // An environment with capitals is fine: bucket names are lowercased; only the length counts.
  EXPECT_EQ(names("environments: { Prod: {} }\nbuckets: { files: {} }\n"), "");
  std::string out = names("environments: { Production: {} }\nbuckets: { " + n('b', 48) + ": {} }\n");
  EXPECT_NE(out.find("S3 bucket name 'shop-production-" + n('b', 48) + "' (64 characters)"), std::string::npos) << out;
}

TEST(CheckNames, RulesAndSchedules) {
  std::string r = n('r', 56);
  std::string out = names("handlers: { h: {} }\nrules: { " + r + ": { schedule: rate(1 day), target: { handler: h } } }\n"
                          "schedules: { " + n('s', 56) + ": { schedule: rate(1 day), target: { handler: h } } }\n");
  EXPECT_NE(out.find("EventBridge rule name 'shop-dev-" + r + "' (65 characters), over AWS's limit of 64"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("schedule name 'shop-dev-" + n('s', 56) + "' (65 characters)"), std::string::npos) << out;
}

}  // namespace
