// slipway match, test-event, sample-event and graph, run in-process.
#include <gtest/gtest.h>

#include <cstdlib>

#include "../match/cli_test_util.h"
#include "derive/transform.h"
#include "match/value.h"
#include <nlohmann/json.hpp>

namespace {

using slipway::testing::run_cli;
using slipway::testing::TempDir;

TEST(CliMatch, ExitCodes) {
  TempDir t("match");
  auto pattern = t.file("p.json", R"({"detail": {"state": [{"anything-but": "stopped"}], "n": [{"numeric": [">", 1]}]}})");
  auto yes = t.file("yes.json", R"({"detail": {"state": "running", "n": 2}})");
  auto no = t.file("no.json", R"({"detail": {"state": "stopped", "n": 2}})");
  auto bad = t.file("bad.json", R"({"detail": {"state": []}})");
  auto broken = t.file("broken.json", R"({"detail": )");

  auto r = run_cli({"match", pattern, yes});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "match\n");

  r = run_cli({"match", pattern, no});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "no match: detail.state: the value \"stopped\" does not match [{\"anything-but\":\"stopped\"}]\n");

  r = run_cli({"match", bad, yes});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, bad + ": error: invalid event pattern: detail.state: empty arrays are not allowed [invalid-pattern]\n");

  r = run_cli({"match", pattern, broken});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("is not valid JSON"), std::string::npos) << r.err;

  r = run_cli({"match", pattern, t / "missing.json"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cannot read the event file"), std::string::npos);
}

TEST(CliTestEvent, MatchesAndTransforms) {
  TempDir t("test-event");
  auto spec = t.file("mini.yaml", slipway::testing::kMiniSpec);
  auto sample = run_cli({"sample-event", spec, "OrderPlaced"});
  ASSERT_EQ(sample.code, 0) << sample.err;
  auto ev = nlohmann::json::parse(sample.out);
  EXPECT_EQ(ev["source"], "mini.orders");
  EXPECT_EQ(ev["detail-type"], "OrderPlaced");
  EXPECT_EQ(ev["detail"]["status"], "new");  // an enum's first value
  EXPECT_EQ(ev["detail"]["items"][0]["qty"], 1);

  // The sample (status new) fails the rule's match; say which field.
  auto e1 = t.file("e1.json", sample.out);
  auto r = run_cli({"test-event", spec, e1});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("rule big_orders (bus events): no match: detail.status: the value \"new\""), std::string::npos)
      << r.out;

  ev["detail"]["status"] = "paid";
  ev["detail"]["total"] = 100;
  auto e2 = t.file("e2.json", ev.dump());
  r = run_cli({"test-event", spec, e2, "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  auto report = nlohmann::json::parse(r.out);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_TRUE(report[0]["matched"].get<bool>());
  EXPECT_EQ(report[0]["targets"][0]["name"], "ship");
  EXPECT_EQ(report[0]["targets"][0]["input"], ev["detail"]);
  EXPECT_EQ(report[0]["targets"][1]["input"], (nlohmann::json{{"id", "example-orderId"}, {"kind", "order"}}));

  r = run_cli({"sample-event", spec, "OrderPlace"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("did you mean 'OrderPlaced'?"), std::string::npos) << r.err;
}

TEST(Transform, InputShapes) {
  auto event = nlohmann::json::parse(R"({"source": "s", "detail": {"id": "a", "items": [{"sku": "x"}, {"sku": "y"}],
                                         "n": 3, "o": {"k": true}}})");
  slipway::model::InputShape whole;
  EXPECT_EQ(slipway::derive::apply_input(whole, event), event);
  slipway::model::InputShape path;
  path.path = "$.detail.o";
  EXPECT_EQ(slipway::derive::apply_input(path, event), (nlohmann::json{{"k", true}}));
  path.path = "$.detail.nope";
  EXPECT_TRUE(slipway::derive::apply_input(path, event).is_null());
  slipway::model::InputShape shape;
  shape.shape = nlohmann::json::parse(R"({"id": "$.detail.id", "second": "$.detail.items[1].sku", "n": "$.detail.n",
                                          "all": "$", "c": "constant", "k": 1, "missing": "$.detail.x",
                                          "nested": {"o": "$.detail.o"}, "list": ["$.source", 2]})");
  auto got = slipway::derive::apply_input(shape, event);
  EXPECT_EQ(got["id"], "a");
  EXPECT_EQ(got["second"], "y");
  EXPECT_EQ(got["n"], 3);
  EXPECT_EQ(got["all"], event);
  EXPECT_EQ(got["c"], "constant");
  EXPECT_EQ(got["k"], 1);
  EXPECT_TRUE(got["missing"].is_null());
  EXPECT_EQ(got["nested"]["o"]["k"], true);
  EXPECT_EQ(got["list"], (nlohmann::json{"s", 2}));
}

void golden(const std::string& name, const std::string& actual) {
  std::string path = std::string(SLIPWAY_SOURCE_DIR) + "/tests/golden/graph/" + name;
  if (std::getenv("SLIPWAY_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing; run with SLIPWAY_UPDATE_GOLDEN=1";
  std::ostringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), actual) << name << " differs; rerun with SLIPWAY_UPDATE_GOLDEN=1 if intended";
}

TEST(CliGraph, MermaidDotAndArchitecture) {
  TempDir t("graph");
  auto spec = t.file("mini.yaml", slipway::testing::kMiniSpec);
  auto m = run_cli({"graph", spec});
  ASSERT_EQ(m.code, 0) << m.err;
  golden("mini.mmd", m.out);
  // producers -> events -> rules -> targets -> steps -> emitted events, and the DLQs.
  for (const char* edge : {"fn_place -->|\"emits\"| ev_OrderPlaced", "ev_OrderPlaced --> rule_big_orders",
                           "rule_big_orders -->|\"input transformer\"| sfn_ship", "sfn_ship --> step_ship__pack", "step_ship__pack --> step_ship__done",
                           "step_ship__done -->|\"emits\"| ev_OrderShipped", "rule_big_orders -.->|\"dlq\"| sqs_dlq",
                           "sqs_work -.->|\"redrive\"| sqs_dlq", "sqs_work -->|\"triggers\"| fn_worker"}) {
    EXPECT_NE(m.out.find(edge), std::string::npos) << edge;
  }
  auto d = run_cli({"graph", spec, "--format", "dot"});
  ASSERT_EQ(d.code, 0);
  golden("mini.dot", d.out);

  auto b = run_cli({"build", spec, "-o", t / "out", "-q"});
  ASSERT_EQ(b.code, 0) << b.err;
  auto tree = slipway::testing::read_tree(t / "out");
  ASSERT_TRUE(tree.count("ARCHITECTURE.md"));
  EXPECT_NE(tree["ARCHITECTURE.md"].find("```mermaid\n" + m.out + "```"), std::string::npos);
  EXPECT_NE(tree["ARCHITECTURE.md"].find("| [OrderPlaced](schemas/OrderPlaced.json) | events | `mini.orders` | "
                                         "OrderPlaced | handler `place` | rule `big_orders` → queue `work`, rule "
                                         "`big_orders` → workflow `ship` |"),
            std::string::npos)
      << tree["ARCHITECTURE.md"];
  auto schema = nlohmann::json::parse(tree.at("schemas/OrderPlaced.json"));
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["properties"]["detail"]["properties"]["status"]["enum"], (nlohmann::json{"new", "paid"}));
  EXPECT_EQ(schema["properties"]["detail"]["required"], (nlohmann::json{"items", "orderId", "status", "total"}));
}

}  // namespace
