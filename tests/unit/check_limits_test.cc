// check/limits.cc: AWS service limits that only fail at deploy time.
#include <gtest/gtest.h>

#include <string>

#include "check/passes.h"
#include "lower/lower.h"
#include "spec/loader.h"

namespace {

using slipway::base::Diagnostics;
using slipway::base::Sources;

std::string limits(const std::string& yaml) {
  Sources sources;
  Diagnostics lowering;
  std::uint32_t file = sources.add("t.yaml");
  auto root = slipway::spec::parse_yaml("slipway: 1\nsystem: shop\n" + yaml, file, lowering);
  if (!root) return "<no root>";
  auto program = slipway::lower::lower(*root, lowering);
  EXPECT_EQ(slipway::base::format_text(lowering, sources), "") << "the spec must lower cleanly";
  Diagnostics d;
  for (const auto& s : program.systems) slipway::check::check_limits(s, d);
  d.sort_and_unique();
  return slipway::base::format_text(d, sources);
}

std::string targets(int n) {
  std::string out = "handlers: { h: {} }\nevents: { E: { source: s } }\nrules:\n  r:\n    on: E\n    targets:\n";
  for (int i = 0; i < n; ++i) out += "      - { handler: h }\n";
  return out;
}

TEST(CheckLimits, FiveTargetsPerRule) {
  EXPECT_EQ(limits(targets(5)), "");
  EXPECT_EQ(limits(targets(6)),
            "t.yaml:6:3: error: rule 'r' has 6 targets; EventBridge allows at most 5 per rule [too-many-targets]\n"
            "  help: split it into several rules with the same 'on' and 'match'\n");
}

TEST(CheckLimits, VisibilityTimeoutAgainstTheConsumer) {
  EXPECT_EQ(limits("queues: { q: { visibility_timeout: 30s } }\nhandlers: { h: { timeout: 30s, queue: q } }\n"), "");
  EXPECT_EQ(limits("queues: { q: {} }\nhandlers: { h: { timeout: 15m, queue: q } }\n"), "")
      << "without a visibility timeout, slipway derives one";
  EXPECT_EQ(limits("queues: { q: { visibility_timeout: 30s } }\nhandlers: { h: { timeout: 31s, queue: q } }\n"),
            "t.yaml:4:39: error: handler 'h' has a timeout of 31s, longer than the visibility timeout of queue 'q' "
            "(30s): messages would be delivered again while still being processed [visibility-timeout]\n"
            "t.yaml:3:11: note: queue 'q' is declared here\n"
            "  help: set 'visibility_timeout: 186s' on the queue (AWS recommends six times the function timeout), or "
            "remove it to let slipway derive it\n");
}

TEST(CheckLimits, VisibilityTimeoutUsesTheLayeredTimeout) {
  std::string out = limits(
      "defaults: { handler: { timeout: 2m } }\n"
      "queues: { q: { visibility_timeout: 1m } }\n"
      "handlers: { h: { queue: q } }\n");
  EXPECT_NE(out.find("has a timeout of 120s"), std::string::npos) << out;
}

TEST(CheckLimits, FifoRules) {
  EXPECT_EQ(limits("events: { E: { source: s } }\nqueues: { f: { fifo: true }, d: { fifo: true }, s: { dlq: f } }\n"
                   "handlers: { h: { queue: { name: f, window: 5s } } }\n"
                   "rules: { r: { on: E, target: { queue: f, dlq: d } } }\n"),
            "t.yaml:4:49: error: queue 's' and its dead-letter queue 'f' must both be FIFO or both standard [bad-dlq]\n"
            "t.yaml:5:25: error: handler 'h': FIFO queues do not support a batching window [bad-value]\n"
            "t.yaml:6:39: error: rule 'r': an EventBridge dead-letter queue must be a standard queue, and 'd' is FIFO "
            "[bad-dlq]\n"
            "t.yaml:6:39: error: rule 'r' sends to FIFO queue 'f', which needs 'message_group_id' [missing-key]\n");
}

TEST(CheckLimits, DlqRetentionWarning) {
  EXPECT_EQ(limits("queues: { d: { retention_days: 2 }, q: { retention_days: 3, dlq: d } }\n"),
            "t.yaml:3:37: warning: dead-letter queue 'd' keeps messages for less time than 'q'; messages can expire "
            "before anyone looks at them [dlq-retention]\n"
            "  help: set 'retention_days: 14' on 'd'\n");
  EXPECT_EQ(limits("queues: { d: { retention_days: 14 }, q: { dlq: d } }\n"), "");
  EXPECT_EQ(limits("queues: { d: {}, q: { dlq: d } }\n"), "") << "equal default retention is fine";
}

TEST(CheckLimits, HttpTimeoutWarning) {
  EXPECT_EQ(limits("handlers: { h: { http: GET /x, timeout: 30s } }\n"), "");
  EXPECT_EQ(limits("handlers: { h: { http: GET /x, timeout: 31s } }\n"),
            "t.yaml:3:24: warning: handler 'h' has a timeout of 31s, but API Gateway HTTP APIs stop waiting after 30s "
            "[api-timeout]\n"
            "  help: keep HTTP handlers at 'timeout: 30s' or less, or hand long work to a queue or workflow\n");
}

TEST(CheckLimits, ExpressWorkflowsRunFiveMinutes) {
  EXPECT_EQ(limits("handlers: { h: {} }\nworkflows: { w: { type: express, timeout: 5m, steps: [ { s: h } ] } }\n"), "");
  EXPECT_EQ(limits("handlers: { h: {} }\nworkflows: { w: { type: express, timeout: 301s, steps: [ { s: h } ] } }\n"),
            "t.yaml:4:14: error: workflow 'w' is express, and express workflows run at most 5 minutes [out-of-range]\n");
}

}  // namespace
