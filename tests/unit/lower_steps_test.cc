// lower/steps.cc: every step form of DESIGN.md's table becomes a model::Step.
#include <gtest/gtest.h>

#include <string>

#include "lower_support.h"

namespace {

using slipway::model::Step;
using slipway::model::StepKind;

using slipway::testing::Lowered;
using slipway::testing::lower;

const char* kHead =
    "slipway: 1\nsystem: shop\n"
    "events:\n  Done: { source: shop.x }\n"
    "tables:\n  orders: { key: { id: string } }\n"
    "queues:\n  jobs: {}\n"
    "topics:\n  alerts: {}\n"
    "handlers:\n  h: {}\n  g: {}\n"
    "workflows:\n"
    "  other: { steps: [ { s: h } ] }\n"
    "  w:\n"
    "    steps:\n";

// Lowers workflow `w` with these steps (block YAML indented by 6) and returns its steps.
std::vector<Step> steps(const std::string& body, std::string* diags = nullptr) {
  Lowered l = lower(std::string(kHead) + body);
  if (diags) {
    *diags = l.text();
  } else {
    EXPECT_EQ(l.text(), "") << body;
  }
  if (l.program.systems.empty() || !l.sys().workflow("w")) return {};
  return l.sys().workflow("w")->steps;
}

TEST(LowerSteps, InvokeShorthandAndFullForm) {
  auto s = steps(
      "      - a: h\n"
      "      - b: { invoke: g, result: $.r, output: $.o, timeout: 60s, heartbeat: 10s,\n"
      "             retry: { errors: [E], attempts: 2, interval: 2s, backoff: 1.5, max_delay: 1m, jitter: true } }\n"
      "      - c: { invoke: h, input: $.payload, retry: [] }\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].name, "a");
  EXPECT_EQ(s[0].kind, StepKind::Invoke);
  EXPECT_EQ(s[0].target, "h");
  EXPECT_FALSE(s[0].retry_given);
  EXPECT_EQ(s[1].target, "g");
  EXPECT_EQ(s[1].result_path, "$.r");
  EXPECT_EQ(s[1].output_path, "$.o");
  EXPECT_EQ(s[1].timeout_seconds, 60);
  EXPECT_EQ(s[1].heartbeat_seconds, 10);
  ASSERT_EQ(s[1].retry.size(), 1u);
  EXPECT_EQ(s[1].retry[0].errors, std::vector<std::string>{"E"});
  EXPECT_EQ(s[1].retry[0].attempts, 2);
  EXPECT_EQ(s[1].retry[0].interval_seconds, 2);
  EXPECT_EQ(s[1].retry[0].backoff, 1.5);
  EXPECT_EQ(s[1].retry[0].max_delay_seconds, 60);
  EXPECT_TRUE(s[1].retry[0].jitter);
  EXPECT_EQ(s[2].input_path, "$.payload");
  EXPECT_TRUE(s[2].retry_given) << "an empty retry list turns the default Lambda retry off";
  EXPECT_TRUE(s[2].retry.empty());
}

// DESIGN.md's step table: `{ invoke: h, input: {k.$: $.path, c: 1} }`. lower/steps.cc reads 'input' twice
// (the step, then common() as a path) and rejects the mapping: reported to the lead; enable once fixed.
TEST(LowerSteps, InvokeAndStartTakeAnInputMapping) {
  auto s = steps(
      "      - a: { invoke: g, input: { id.$: $.id, c: 1 } }\n"
      "      - b: { start: other, input: { x: 1 } }\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].payload.dump(), R"({"c":1,"id.$":"$.id"})");
  EXPECT_EQ(s[1].payload.dump(), R"({"x":1})");
}

TEST(LowerSteps, RetryDefaults) {
  auto s = steps("      - a: { invoke: h, retry: { attempts: 5 } }\n");
  ASSERT_EQ(s.size(), 1u);
  ASSERT_EQ(s[0].retry.size(), 1u);
  EXPECT_EQ(s[0].retry[0].errors, std::vector<std::string>{"States.ALL"});
  EXPECT_EQ(s[0].retry[0].interval_seconds, 1);
  EXPECT_EQ(s[0].retry[0].backoff, 2);
}

TEST(LowerSteps, ParallelAndMap) {
  auto s = steps(
      "      - both:\n"
      "          parallel:\n"
      "            - [ { x: h } ]\n"
      "            - [ { y: g }, { z: h } ]\n"
      "          result: $.both\n"
      "      - each:\n"
      "          map: { items: $.items, concurrency: 5, item_selector: { sku.$: $$.Map.Item.Value.sku }, steps: [ { one: h } ] }\n"
      "          result: $.out\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].kind, StepKind::Parallel);
  ASSERT_EQ(s[0].branches.size(), 2u);
  EXPECT_EQ(s[0].branches[1].size(), 2u);
  EXPECT_EQ(s[0].branches[1][1].name, "z");
  EXPECT_EQ(s[0].result_path, "$.both");
  EXPECT_EQ(s[1].kind, StepKind::Map);
  EXPECT_EQ(s[1].items_path, "$.items");
  EXPECT_EQ(s[1].max_concurrency, 5);
  EXPECT_EQ(s[1].payload.dump(), R"({"sku.$":"$$.Map.Item.Value.sku"})");
  ASSERT_EQ(s[1].iterator.size(), 1u);
  EXPECT_EQ(s[1].iterator[0].target, "h");
}

TEST(LowerSteps, ChoiceWithAndWithoutElse) {
  auto s = steps(
      "      - pick:\n"
      "          choice:\n"
      "            - if: $.total > 100\n"
      "              then: [ { big: h } ]\n"
      "            - else: [ { small: g } ]\n"
      "      - maybe:\n"
      "          choice:\n"
      "            - if: is_present($.x)\n"
      "              then: [ { x: h } ]\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].kind, StepKind::Choice);
  ASSERT_EQ(s[0].choices.size(), 1u);
  EXPECT_EQ(s[0].choices[0].steps[0].name, "big");
  ASSERT_TRUE(s[0].otherwise.has_value());
  EXPECT_EQ((*s[0].otherwise)[0].name, "small");
  EXPECT_FALSE(s[1].otherwise.has_value());
}

TEST(LowerSteps, WaitPassSucceedFail) {
  auto s = steps(
      "      - a: { wait: 30s }\n"
      "      - b: { wait: { until: $.when } }\n"
      "      - c: { pass: { result: { ok: true }, into: $.flag } }\n"
      "      - d: { succeed: {} }\n"
      "      - e: { fail: { error: Broken, cause: It broke } }\n");
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].kind, StepKind::Wait);
  EXPECT_EQ(s[0].wait_seconds, 30);
  EXPECT_EQ(s[1].wait_until_path, "$.when");
  EXPECT_EQ(s[2].kind, StepKind::Pass);
  EXPECT_EQ(s[2].payload.dump(), R"({"ok":true})");
  EXPECT_EQ(s[2].result_path, "$.flag");
  EXPECT_EQ(s[3].kind, StepKind::Succeed);
  EXPECT_EQ(s[4].kind, StepKind::Fail);
  EXPECT_EQ(s[4].error, "Broken");
  EXPECT_EQ(s[4].cause, "It broke");
}

TEST(LowerSteps, EmitPublishSend) {
  auto s = steps(
      "      - a: { emit: Done, detail: { id.$: $.id } }\n"
      "      - b: { publish: alerts, message: { text: hi } }\n"
      "      - c: { send: jobs, body: { n: 1 } }\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].kind, StepKind::Emit);
  EXPECT_EQ(s[0].target, "Done");
  EXPECT_EQ(s[0].payload.dump(), R"({"id.$":"$.id"})");
  EXPECT_EQ(s[1].kind, StepKind::Publish);
  EXPECT_EQ(s[1].target, "alerts");
  EXPECT_EQ(s[1].payload.dump(), R"({"text":"hi"})");
  EXPECT_EQ(s[2].kind, StepKind::Send);
  EXPECT_EQ(s[2].payload.dump(), R"({"n":1})");
}

TEST(LowerSteps, DynamoDb) {
  auto s = steps(
      "      - a: { dynamodb: { get: orders, key: { id.$: $.id } } }\n"
      "      - b: { dynamodb: { put: orders, item: { id.$: $.id } } }\n"
      "      - c: { dynamodb: { update: orders, key: { id.$: $.id }, expression: 'SET #s = :s', values: { ':s': paid } } }\n"
      "      - d: { dynamodb: { delete: orders, key: { id.$: $.id } } }\n");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].dynamodb_op, "get");
  EXPECT_EQ(s[0].target, "orders");
  EXPECT_EQ(s[0].key.dump(), R"({"id.$":"$.id"})");
  EXPECT_EQ(s[1].dynamodb_op, "put");
  EXPECT_EQ(s[1].item.dump(), R"({"id.$":"$.id"})");
  EXPECT_EQ(s[2].update_expression, "SET #s = :s");
  EXPECT_EQ(s[2].expression_values.dump(), R"({":s":"paid"})");
  EXPECT_EQ(s[3].dynamodb_op, "delete");
}

TEST(LowerSteps, StartGotoRaw) {
  auto s = steps(
      "      - a: { start: other, sync: true }\n"
      "      - b: { goto: a }\n"
      "      - c: { asl: { Type: Pass, Result: 1 } }\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].kind, StepKind::Start);
  EXPECT_TRUE(s[0].sync);
  EXPECT_EQ(s[1].kind, StepKind::Goto);
  EXPECT_EQ(s[1].target, "a");
  EXPECT_EQ(s[2].kind, StepKind::Raw);
  EXPECT_EQ(s[2].raw.dump(), R"({"Result":1,"Type":"Pass"})");
}

TEST(LowerSteps, CatchWithStepsOrGoto) {
  auto s = steps(
      "      - a:\n"
      "          invoke: h\n"
      "          catch:\n"
      "            - { errors: [Timeout], result: $.error, steps: [ { cleanup: g } ] }\n"
      "            - { goto: b }\n"
      "      - b: h\n");
  ASSERT_EQ(s.size(), 2u);
  ASSERT_EQ(s[0].catches.size(), 2u);
  EXPECT_EQ(s[0].catches[0].errors, std::vector<std::string>{"Timeout"});
  EXPECT_EQ(s[0].catches[0].result_path, "$.error");
  EXPECT_EQ(s[0].catches[0].steps[0].name, "cleanup");
  EXPECT_EQ(s[0].catches[1].errors, std::vector<std::string>{"States.ALL"});
  EXPECT_EQ(s[0].catches[1].goto_step, "b");
}

TEST(LowerSteps, StepsKeepTheirSpecOrderAndPositions) {
  auto s = steps("      - zeta: h\n      - alpha: g\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].name, "zeta");
  EXPECT_EQ(s[0].span.line, 18u);
  EXPECT_EQ(s[0].span.col, 9u);
  EXPECT_EQ(s[1].name, "alpha");
}

TEST(LowerSteps, MisspeltStepKindGetsAHint) {
  std::string d;
  steps("      - a: { invok: h }\n", &d);
  EXPECT_EQ(d,
            "t.yaml:18:12: error: step 'a' does not say what it does (it has invok) [bad-step]\n"
            "  help: did you mean 'invoke'?\n");
}

TEST(LowerSteps, TwoKindsInOneStep) {
  std::string d;
  steps("      - a: { invoke: h, wait: 5s }\n", &d);
  EXPECT_EQ(d, "t.yaml:18:12: error: step 'a' has both 'invoke' and 'wait'; a step does one thing [bad-step]\n");
}

TEST(LowerSteps, WorkflowSettings) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\nevents: { E: { source: s } }\nhandlers: { h: {} }\n"
      "workflows:\n"
      "  w:\n"
      "    description: Does things\n"
      "    input: E\n"
      "    type: express\n"
      "    timeout: 5m\n"
      "    logging: { level: all, retention_days: 30 }\n"
      "    tracing: false\n"
      "    retry: { attempts: 2 }\n"
      "    catch: [ { steps: [ { oops: h } ] } ]\n"
      "    steps: [ { s: h } ]\n");
  ASSERT_EQ(l.text(), "");
  const auto* w = l.sys().workflow("w");
  EXPECT_EQ(w->description, "Does things");
  EXPECT_EQ(w->input_event, "E");
  EXPECT_EQ(w->type, "EXPRESS");
  EXPECT_EQ(w->timeout_seconds, 300);
  EXPECT_EQ(w->log_level, "ALL");
  EXPECT_EQ(w->log_retention_days, 30);
  EXPECT_FALSE(w->tracing);
  ASSERT_EQ(w->retry.size(), 1u);
  EXPECT_EQ(w->retry[0].attempts, 2);
  ASSERT_EQ(w->catches.size(), 1u);
  EXPECT_EQ(w->catches[0].steps[0].name, "oops");
}

}  // namespace
