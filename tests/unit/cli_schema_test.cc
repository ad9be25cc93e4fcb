// `slipway schema`: the JSON Schema of the spec format, and its committed copy docs/slipway.schema.json.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/schema_json.h"

#include "../match/cli_test_util.h"

namespace {

using nlohmann::json;
using slipway::cli::schema_json;

using slipway::testing::run_cli;

const json& schema() {
  static const json s = json::parse(schema_json());
  return s;
}

// The sorted property names of a schema object.
std::set<std::string> props(const json& node) {
  std::set<std::string> out;
  for (const auto& [k, v] : node.at("properties").items()) out.insert(k);
  return out;
}

const json& def(const std::string& name) { return schema().at("$defs").at(name); }

TEST(CliSchema, PrintsTheSchemaOnStdout) {
  auto r = run_cli({"schema"});
  EXPECT_EQ(r.code, slipway::cli::kOk);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, schema_json());
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.back(), '\n');
}

TEST(CliSchema, RejectsArguments) {
  auto r = run_cli({"schema", "specs/collectiq.yaml"});
  EXPECT_EQ(r.code, slipway::cli::kUsage);
  EXPECT_EQ(r.out, "");
}

TEST(CliSchema, IsDraft2020WithEverySectionClosed) {
  const json& s = schema();
  EXPECT_EQ(s.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s.at("additionalProperties"), false);
  EXPECT_EQ(s.at("required"), json::array({"slipway", "system"}));
  std::set<std::string> want = {"slipway", "system",  "description", "include", "defaults",  "flags",
                                "environments", "tags", "buses", "events", "tables", "buckets",
                                "queues", "topics", "secrets", "parameters", "schedules", "handlers",
                                "workflows", "rules", "api", "alarms"};
  EXPECT_EQ(props(s), want);
}

TEST(CliSchema, HandlersTakeEveryFieldOfTheFormat) {
  std::set<std::string> want = {"description", "runtime", "architecture", "memory", "timeout",
                                "log_retention_days", "tracing", "reserved_concurrency", "async", "auth",
                                "http", "s3", "stream", "queue", "schedule", "uses", "emits", "starts",
                                "env", "aws"};
  EXPECT_EQ(props(def("handler")), want);
  EXPECT_EQ(def("handler").at("additionalProperties"), false);
  EXPECT_EQ(def("memory").at("minimum"), 128);
  EXPECT_EQ(def("memory").at("maximum"), 10240);
}

TEST(CliSchema, EveryStepFormOfDesignIsAnAlternative) {
  std::set<std::string> kinds;
  for (const auto& alt : def("step_body").at("anyOf")) {
    if (alt.contains("required")) kinds.insert(alt.at("required").at(0).get<std::string>());
  }
  std::set<std::string> want = {"invoke", "parallel", "map",  "choice", "wait",     "pass",  "succeed", "fail",
                                "emit",   "publish",  "send", "dynamodb", "start", "goto", "asl"};
  EXPECT_EQ(kinds, want);
}

TEST(CliSchema, RuleTargetsNameExactlyOneKindAndAtMostFive) {
  const json& t = def("rule_target");
  EXPECT_EQ(t.at("oneOf").size(), 5u);
  EXPECT_EQ(t.at("additionalProperties"), false);
  EXPECT_EQ(def("rule").at("properties").at("targets").at("maxItems"), 5);
}

TEST(CliSchema, DurationsAndNamesHavePatterns) {
  EXPECT_EQ(def("name").at("pattern"), "^[A-Za-z][A-Za-z0-9_]*$");
  bool string_form = false;
  for (const auto& alt : def("duration").at("anyOf")) {
    if (alt.at("type") == "string") string_form = alt.at("pattern") == "^([0-9]{1,9}|([0-9]{1,9}[smhd])+)$";
  }
  EXPECT_TRUE(string_form);
}

// Walks every subschema: each $ref resolves, each object schema with properties documents them.
TEST(CliSchema, RefsResolveAndPropertiesAreDescribed) {
  std::vector<std::string> problems;
  std::function<void(const json&, const std::string&)> walk = [&](const json& n, const std::string& at) {
    if (n.is_array()) {
      for (std::size_t i = 0; i < n.size(); ++i) walk(n[i], at + "/" + std::to_string(i));
      return;
    }
    if (!n.is_object()) return;
    if (auto r = n.find("$ref"); r != n.end()) {
      std::string ref = r->get<std::string>();
      const std::string prefix = "#/$defs/";
      if (ref.rfind(prefix, 0) != 0 || !schema().at("$defs").contains(ref.substr(prefix.size()))) {
        problems.push_back(at + ": unresolved " + ref);
      }
    }
    if (auto p = n.find("properties"); p != n.end()) {
      for (const auto& [k, v] : p->items()) {
        bool described = v.contains("description") || v.contains("$ref") || v.contains("const");
        // Numeric match operators and the one-of-kind keys are self-explanatory.
        static const std::set<std::string> kPlain = {"<", "<=", ">", ">=", "=", "prefix", "suffix", "wildcard",
                                                     "equals-ignore-case", "get", "put", "update", "delete"};
        if (!described && !kPlain.count(k)) problems.push_back(at + "/properties/" + k + ": no description");
      }
    }
    for (const auto& [k, v] : n.items()) walk(v, at + "/" + k);
  };
  walk(schema(), "#");
  EXPECT_EQ(problems, std::vector<std::string>{});
}

// docs/slipway.schema.json is what editors read; it must be the binary's schema to the byte.
TEST(CliSchema, CommittedCopyMatches) {
  const std::string path = std::string(SLIPWAY_SOURCE_DIR) + "/docs/slipway.schema.json";
  const char* update = std::getenv("SLIPWAY_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << schema_json();
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing; run with SLIPWAY_UPDATE_GOLDEN=1";
  std::ostringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), schema_json()) << path << " is stale; run with SLIPWAY_UPDATE_GOLDEN=1";
}

}  // namespace
