// check/event_flow.cc: loops in the event flow, S3 self-triggers, unconsumed events and unfed rules.
#include <gtest/gtest.h>

#include <string>

#include "check/passes.h"
#include "lower/lower.h"
#include "spec/loader.h"

namespace {

using slipway::base::Diagnostics;
using slipway::base::Sources;

std::string flow(const std::string& yaml) {
  Sources sources;
  Diagnostics lowering;
  std::uint32_t file = sources.add("t.yaml");
  auto root = slipway::spec::parse_yaml("slipway: 1\nsystem: shop\n" + yaml, file, lowering);
  if (!root) return "<no root>";
  auto program = slipway::lower::lower(*root, lowering);
  EXPECT_EQ(slipway::base::format_text(lowering, sources), "") << "the spec must lower cleanly";
  Diagnostics d;
  for (const auto& s : program.systems) slipway::check::check_event_flow(s, d);
  d.sort_and_unique();
  return slipway::base::format_text(d, sources);
}

TEST(CheckEventFlow, DirectCycle) {
  EXPECT_EQ(flow("events: { E: { source: s } }\nhandlers: { h: { emits: [E] } }\n"
                 "rules: { r: { on: E, target: { handler: h } } }\n"),
            "t.yaml:5:10: error: rule 'r' sends 'E' to handler 'h', which leads back to 'E': the events would loop "
            "forever [event-cycle]\n"
            "  note: the loop: event 'E' -> rule 'r' -> handler 'h' -> event 'E'\n"
            "  help: break the loop, or add 'allow_cycle: true' to the rule if something else stops it\n");
}

TEST(CheckEventFlow, AllowCycleOptsOut) {
  EXPECT_EQ(flow("events: { E: { source: s } }\nhandlers: { h: { emits: [E] } }\n"
                 "rules: { r: { on: E, allow_cycle: true, target: { handler: h } } }\n"),
            "");
}

TEST(CheckEventFlow, CycleThroughWorkflowQueueAndTopic) {
  std::string out = flow(
      "events: { A: { source: s }, B: { source: s }, C: { source: s } }\n"
      "queues: { q: {} }\n"
      "topics: { t: { subscriptions: [ { handler: sub } ] } }\n"
      "handlers:\n"
      "  inner: { emits: [A] }\n"
      "  consumer: { queue: q, emits: [B] }\n"
      "  sub: { emits: [C] }\n"
      "workflows: { w: { steps: [ { x: { parallel: [ [ { y: inner } ] ] } } ] } }\n"
      "rules:\n"
      "  ra: { on: A, target: { workflow: w } }\n"
      "  rb: { on: B, target: { queue: q } }\n"
      "  rc: { on: C, target: { topic: t } }\n");
  EXPECT_NE(out.find("the loop: event 'A' -> rule 'ra' -> workflow 'w' -> handler 'inner' -> event 'A'"), std::string::npos)
      << out;
  EXPECT_NE(out.find("the loop: event 'B' -> rule 'rb' -> queue 'q' -> handler 'consumer' -> event 'B'"), std::string::npos)
      << out;
  EXPECT_NE(out.find("the loop: event 'C' -> rule 'rc' -> topic 't' -> handler 'sub' -> event 'C'"), std::string::npos)
      << out;
}

TEST(CheckEventFlow, WorkflowEmitStepsAndStartedWorkflows) {
  std::string out = flow(
      "events: { A: { source: s } }\n"
      "handlers: { starter: { starts: [child] } }\n"
      "workflows:\n"
      "  child: { steps: [ { e: { emit: A } } ] }\n"
      "rules: { r: { on: A, target: { handler: starter } } }\n");
  EXPECT_NE(out.find("the loop: event 'A' -> rule 'r' -> handler 'starter' -> workflow 'child' -> event 'A'"),
            std::string::npos)
      << out;
}

TEST(CheckEventFlow, NoCycleWithoutAPathBack) {
  EXPECT_EQ(flow("events: { A: { source: s }, B: { source: s } }\n"
                 "handlers: { a: { emits: [B] }, b: {} , src: { emits: [A] } }\n"
                 "rules: { ra: { on: A, target: { handler: a } }, rb: { on: B, target: { handler: b } } }\n"),
            "");
}

TEST(CheckEventFlow, S3SelfTrigger) {
  EXPECT_EQ(flow("buckets: { b: {} }\n"
                 "handlers:\n"
                 "  h: { s3: { bucket: b, prefix: in/ }, uses: { b: readwrite } }\n"
                 "  ok: { s3: { bucket: b, prefix: in/ }, uses: { b: { access: write, prefix: out/ } } }\n"
                 "  reads: { s3: { bucket: b }, uses: { b: read } }\n"
                 "  allowed: { s3: { bucket: b, allow_self_trigger: true }, uses: { b: write } }\n"),
            "t.yaml:5:48: error: handler 'h' writes into bucket 'b' under 'in/', which triggers it: each object it "
            "writes would invoke it again [s3-self-trigger]\n"
            "t.yaml:5:12: note: the trigger is declared here\n"
            "  help: limit the write with '{ access: readwrite, prefix: other/ }', or add 'allow_self_trigger: true' "
            "to the s3 trigger\n");
}

TEST(CheckEventFlow, UnconsumedEventsAreWarnings) {
  EXPECT_EQ(flow("events: { A: { source: s }, B: { source: s }, Quiet: { source: s } }\n"
                 "handlers: { h: { emits: [A, B] } }\n"
                 "workflows: { w: { input: B, steps: [ { x: h } ] } }\n"),
            "t.yaml:3:11: warning: event 'A' is emitted, but no rule consumes it [unconsumed-event]\n"
            "  help: add a rule with 'on: A', or stop emitting it\n");
}

TEST(CheckEventFlow, UnfedRulesAreWarnings) {
  EXPECT_EQ(flow("events:\n"
                 "  Mine: { source: shop.x }\n"
                 "  Theirs: { source: partner.x, external: true }\n"
                 "  Ec2: { source: aws.ec2 }\n"
                 "  S3: { source: aws.s3 }\n"
                 "handlers: { h: {} }\n"
                 "schedules: { tick: { schedule: rate(1 hour), target: { event: Ticked } } }\n"
                 "rules:\n"
                 "  a: { on: Mine, target: { handler: h } }\n"
                 "  b: { on: Theirs, target: { handler: h } }\n"
                 "  c: { on: Ec2, target: { handler: h } }\n"
                 "  d: { on: S3, target: { handler: h } }\n"),
            "t.yaml:11:3: warning: rule 'a' waits for 'Mine', but nothing in this spec emits it [unfed-rule]\n"
            "  help: add it to a handler's 'emits', or mark the event 'external: true' if another system sends it\n"
            "t.yaml:14:3: warning: rule 'd' waits for 'S3', but nothing in this spec emits it [unfed-rule]\n"
            "  help: set 'eventbridge: true' on the bucket that sends it\n");
}

TEST(CheckEventFlow, S3EventsAreFedByAnEventBridgeBucket) {
  EXPECT_EQ(flow("events: { S3: { source: aws.s3 } }\nbuckets: { b: { eventbridge: true } }\nhandlers: { h: {} }\n"
                 "rules: { d: { on: S3, target: { handler: h } } }\n"),
            "");
}

TEST(CheckEventFlow, ScheduledEventsFeedRules) {
  EXPECT_EQ(flow("events: { Tick: { source: shop.clock } }\nhandlers: { h: {} }\n"
                 "schedules: { s: { schedule: rate(1 hour), target: { event: Tick } } }\n"
                 "rules: { r: { on: Tick, target: { handler: h } } }\n"),
            "");
}

}  // namespace
