// lower/lower.cc: one System per environment; handler settings layered
// defaults < environment < handler < environment.handlers.X; workflow settings; flags per environment.
#include <gtest/gtest.h>

#include <string>

#include "lower_support.h"

namespace {


using slipway::testing::Lowered;
using slipway::testing::lower;

TEST(LowerEnvironments, WithoutEnvironmentsThereIsDev) {
  Lowered l = lower("slipway: 1\nsystem: shop\n");
  EXPECT_EQ(l.text(), "");
  ASSERT_EQ(l.program.systems.size(), 1u);
  EXPECT_EQ(l.program.systems[0].environment, "dev");
  EXPECT_EQ(l.program.systems[0].environments, std::vector<std::string>{"dev"});
  EXPECT_EQ(l.program.systems[0].name, "shop");
  EXPECT_EQ(l.program.systems[0].region, "us-east-1");
}

TEST(LowerEnvironments, SystemsAreSortedByEnvironmentWhateverTheSpecOrder) {
  Lowered l = lower("slipway: 1\nsystem: shop\nenvironments:\n  prod: {}\n  dev: {}\n  staging: {}\n");
  EXPECT_EQ(l.text(), "");
  ASSERT_EQ(l.program.systems.size(), 3u);
  EXPECT_EQ(l.program.systems[0].environment, "dev");
  EXPECT_EQ(l.program.systems[1].environment, "prod");
  EXPECT_EQ(l.program.systems[2].environment, "staging");
  EXPECT_EQ(l.program.systems[1].environments, (std::vector<std::string>{"dev", "prod", "staging"}));
}

TEST(LowerEnvironments, HandlerSettingsAreLayered) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\n"
      "defaults:\n"
      "  handler: { memory: 256, timeout: 10s, architecture: x86_64, log_retention_days: 7, tracing: false }\n"
      "environments:\n"
      "  dev: {}\n"
      "  prod:\n"
      "    handler: { memory: 1024, timeout: 20s, tracing: true }\n"
      "    handlers:\n"
      "      b: { memory: 4096, reserved_concurrency: 10 }\n"
      "handlers:\n"
      "  a: {}\n"
      "  b: { memory: 2048 }\n"
      "  c: { timeout: 1m, architecture: arm64 }\n");
  ASSERT_EQ(l.text(), "");
  const auto& dev = l.env("dev");
  const auto& prod = l.env("prod");
  // a: defaults in dev, the environment's layer in prod.
  EXPECT_EQ(dev.handler("a")->memory_mb, 256);
  EXPECT_EQ(dev.handler("a")->timeout_seconds, 10);
  EXPECT_EQ(dev.handler("a")->architecture, "x86_64");
  EXPECT_EQ(dev.handler("a")->log_retention_days, 7);
  EXPECT_FALSE(dev.handler("a")->tracing);
  EXPECT_EQ(prod.handler("a")->memory_mb, 1024);
  EXPECT_EQ(prod.handler("a")->timeout_seconds, 20);
  EXPECT_TRUE(prod.handler("a")->tracing);
  EXPECT_EQ(prod.handler("a")->log_retention_days, 7);
  // b: its own setting beats the environment's, and environment.handlers.b beats its own.
  EXPECT_EQ(dev.handler("b")->memory_mb, 2048);
  EXPECT_EQ(prod.handler("b")->memory_mb, 4096);
  EXPECT_FALSE(dev.handler("b")->reserved_concurrency.has_value());
  EXPECT_EQ(prod.handler("b")->reserved_concurrency, 10);
  // c: its own timeout and architecture beat both the defaults and the environment.
  EXPECT_EQ(dev.handler("c")->timeout_seconds, 60);
  EXPECT_EQ(prod.handler("c")->timeout_seconds, 60);
  EXPECT_EQ(prod.handler("c")->architecture, "arm64");
  EXPECT_EQ(prod.handler("c")->memory_mb, 1024);
}

TEST(LowerEnvironments, BuiltInHandlerDefaults) {
  Lowered l = lower("slipway: 1\nsystem: shop\nhandlers:\n  a: {}\n");
  ASSERT_EQ(l.text(), "");
  const auto* a = l.env("dev").handler("a");
  EXPECT_EQ(a->runtime, "provided.al2023");
  EXPECT_EQ(a->architecture, "arm64");
  EXPECT_EQ(a->memory_mb, 512);
  EXPECT_EQ(a->timeout_seconds, 30);
  EXPECT_EQ(a->log_retention_days, 14);
  EXPECT_TRUE(a->tracing);
}

TEST(LowerEnvironments, RegionAndTagsPerEnvironment) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\n"
      "defaults: { region: eu-west-1, tags: { team: core, cost: a } }\n"
      "tags: { owner: ops }\n"
      "environments:\n"
      "  dev: {}\n"
      "  prod: { region: eu-central-1, tags: { cost: b } }\n");
  ASSERT_EQ(l.text(), "");
  EXPECT_EQ(l.env("dev").region, "eu-west-1");
  EXPECT_EQ(l.env("prod").region, "eu-central-1");
  EXPECT_EQ(l.env("dev").tags, (std::map<std::string, std::string>{{"cost", "a"}, {"owner", "ops"}, {"team", "core"}}));
  EXPECT_EQ(l.env("prod").tags, (std::map<std::string, std::string>{{"cost", "b"}, {"owner", "ops"}, {"team", "core"}}));
}

TEST(LowerEnvironments, FlagsTakePerEnvironmentValues) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\n"
      "flags:\n"
      "  beta: { default: false, description: Beta }\n"
      "  limit: { default: 10 }\n"
      "  mode: fast\n"
      "  short: true\n"
      "environments:\n"
      "  dev: { flags: { beta: true, mode: slow } }\n"
      "  prod: { flags: { limit: 50 } }\n");
  ASSERT_EQ(l.text(), "");
  const auto& dev = l.env("dev");
  const auto& prod = l.env("prod");
  EXPECT_EQ(dev.flag("beta")->value.dump(), "true");
  EXPECT_EQ(prod.flag("beta")->value.dump(), "false");
  EXPECT_EQ(dev.flag("beta")->description, "Beta");
  EXPECT_EQ(dev.flag("limit")->value.dump(), "10");
  EXPECT_EQ(prod.flag("limit")->value.dump(), "50");
  EXPECT_EQ(dev.flag("mode")->value.dump(), R"("slow")");
  EXPECT_EQ(prod.flag("mode")->value.dump(), R"("fast")");
  EXPECT_EQ(prod.flag("short")->value.dump(), "true");
}

TEST(LowerEnvironments, FlagOverrideMustKeepItsType) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\nflags:\n  limit: { default: 10 }\n"
      "environments:\n  prod: { flags: { limit: lots, nope: 1 } }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:6:20: error: environment 'prod' sets flag 'limit' to a string, but its default is a number "
            "[wrong-type]\n"
            "t.yaml:6:33: error: environment 'prod' sets flag 'nope', which is not declared under 'flags' "
            "[unknown-flag]\n");
  EXPECT_EQ(l.env("prod").flag("limit")->value.dump(), "10");
}

TEST(LowerEnvironments, WorkflowSettingsAreLayered) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\n"
      "defaults: { workflow: { type: express, logging: { level: all, retention_days: 30 }, tracing: false } }\n"
      "environments:\n  dev: {}\n  prod: { workflow: { logging: { level: error } } }\n"
      "handlers:\n  h: {}\n"
      "workflows:\n"
      "  a: { steps: [ { s: h } ] }\n"
      "  b: { type: standard, logging: { level: off }, steps: [ { s: h } ] }\n");
  ASSERT_EQ(l.text(), "");
  EXPECT_EQ(l.env("dev").workflow("a")->type, "EXPRESS");
  EXPECT_EQ(l.env("dev").workflow("a")->log_level, "ALL");
  EXPECT_EQ(l.env("dev").workflow("a")->log_retention_days, 30);
  EXPECT_FALSE(l.env("dev").workflow("a")->tracing);
  EXPECT_EQ(l.env("prod").workflow("a")->log_level, "ERROR");
  EXPECT_EQ(l.env("prod").workflow("b")->type, "STANDARD");
  EXPECT_EQ(l.env("prod").workflow("b")->log_level, "OFF");
  EXPECT_FALSE(l.env("prod").workflow("b")->logging);
}

TEST(LowerEnvironments, EveryCollectionIsSortedByName) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\n"
      "queues: { zq: {}, aq: {}, mq: {} }\n"
      "topics: { zt: {}, at: {} }\n"
      "handlers: { zh: {}, ah: {} }\n"
      "events: { Z: { source: s }, A: { source: s } }\n");
  ASSERT_EQ(l.text(), "");
  const auto& s = l.env("dev");
  EXPECT_EQ(s.queues[0].name, "aq");
  EXPECT_EQ(s.queues[2].name, "zq");
  EXPECT_EQ(s.topics[0].name, "at");
  EXPECT_EQ(s.handlers[0].name, "ah");
  EXPECT_EQ(s.events[0].name, "A");
}

TEST(LowerEnvironments, KeyOrderDoesNotChangeTheModel) {
  Lowered a = lower(
      "slipway: 1\nsystem: shop\nqueues: { b: { fifo: true }, a: {} }\n"
      "handlers: { h: { uses: { b: send, a: consume }, env: { Y: '2', X: '1' } } }\n");
  Lowered b = lower(
      "handlers: { h: { env: { X: '1', Y: '2' }, uses: { a: consume, b: send } } }\n"
      "queues: { a: {}, b: { fifo: true } }\nsystem: shop\nslipway: 1\n");
  ASSERT_EQ(a.text(), "");
  ASSERT_EQ(b.text(), "");
  const auto* ha = a.env("dev").handler("h");
  const auto* hb = b.env("dev").handler("h");
  ASSERT_EQ(ha->uses.size(), 2u);
  EXPECT_EQ(ha->uses[0].name, hb->uses[0].name);
  EXPECT_EQ(ha->uses[0].name, "a");
  EXPECT_EQ(ha->env[0].name, "X");
  EXPECT_EQ(hb->env[0].name, "X");
  EXPECT_EQ(a.env("dev").queues[0].name, b.env("dev").queues[0].name);
}

}  // namespace
