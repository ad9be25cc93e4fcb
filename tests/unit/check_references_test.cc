// check/references.cc: every name a spec uses must be declared. Each test lowers a spec cleanly and runs
// only this pass.
#include <gtest/gtest.h>

#include <string>

#include "check/passes.h"
#include "lower/lower.h"
#include "spec/loader.h"

namespace {

using slipway::base::Diagnostics;
using slipway::base::Sources;

// The text the references pass reports for this spec (which must lower without errors).
std::string references(const std::string& yaml) {
  Sources sources;
  Diagnostics lowering;
  std::uint32_t file = sources.add("t.yaml");
  auto root = slipway::spec::parse_yaml("slipway: 1\nsystem: shop\n" + yaml, file, lowering);
  EXPECT_TRUE(root);
  if (!root) return "<no root>";
  auto program = slipway::lower::lower(*root, lowering);
  EXPECT_EQ(slipway::base::format_text(lowering, sources), "") << "the spec must lower cleanly";
  Diagnostics d;
  for (const auto& s : program.systems) slipway::check::check_references(s, d);
  d.sort_and_unique();
  return slipway::base::format_text(d, sources);
}

TEST(CheckReferences, CleanSpecHasNoFindings) {
  EXPECT_EQ(references("events: { E: { source: s } }\nhandlers: { h: { emits: [E] } }\n"
                       "rules: { r: { on: E, target: { handler: h } } }\n"),
            "");
}

TEST(CheckReferences, RuleEventAndTargets) {
  EXPECT_EQ(references("events: { OrderPlaced: { source: s } }\n"
                       "handlers: { work: {} }\n"
                       "rules:\n"
                       "  r1: { on: OrderPlacd, target: { handler: work } }\n"
                       "  r2: { on: OrderPlaced, targets: [ { handler: wrok }, { workflow: flow }, { queue: q, dlq: d },\n"
                       "                                   { topic: t }, { bus: other } ] }\n"),
            "t.yaml:6:13: error: rule 'r1' refers to event 'OrderPlacd', which is not declared [unknown-event]\n"
            "  help: did you mean 'OrderPlaced'?\n"
            "t.yaml:7:48: error: rule 'r2' refers to handler 'wrok', which is not declared [unknown-handler]\n"
            "  help: did you mean 'work'?\n"
            "t.yaml:7:68: error: rule 'r2' refers to workflow 'flow', which is not declared [unknown-workflow]\n"
            "t.yaml:7:85: error: rule 'r2' (dlq) refers to queue 'd', which is not declared [unknown-queue]\n"
            "t.yaml:7:85: error: rule 'r2' refers to queue 'q', which is not declared [unknown-queue]\n"
            "t.yaml:8:45: error: rule 'r2' refers to topic 't', which is not declared [unknown-topic]\n"
            "t.yaml:8:57: error: rule 'r2' refers to bus 'other', which is not declared [unknown-bus]\n"
            "  help: name a declared bus or an event-bus ARN\n");
}

TEST(CheckReferences, BusArnsAreAccepted) {
  EXPECT_EQ(references("events: { E: { source: s, external: true } }\n"
                       "rules: { r: { on: E, target: { bus: 'arn:aws:events:eu-west-1:111122223333:event-bus/x' } } }\n"),
            "");
}

TEST(CheckReferences, HandlerReferences) {
  EXPECT_EQ(references("tables: { t: { key: { id: string } } }\n"
                       "handlers:\n"
                       "  h:\n"
                       "    emits: [Nope]\n"
                       "    starts: [flow]\n"
                       "    s3: { bucket: b }\n"
                       "    queue: jobs\n"
                       "    stream: { table: t, dlq: dead }\n"
                       "    async: { dlq: dead }\n"
                       "    env: { X: \"${flags.f}\" }\n"),
            "t.yaml:5:3: error: handler 'h' (async dlq) refers to queue 'dead', which is not declared [unknown-queue]\n"
            "t.yaml:6:12: error: handler 'h' refers to event 'Nope', which is not declared [unknown-event]\n"
            "t.yaml:7:13: error: handler 'h' refers to workflow 'flow', which is not declared [unknown-workflow]\n"
            "t.yaml:8:9: error: handler 'h' refers to bucket 'b', which is not declared [unknown-bucket]\n"
            "t.yaml:9:12: error: handler 'h' refers to queue 'jobs', which is not declared [unknown-queue]\n"
            "t.yaml:10:13: error: handler 'h' reads the stream of table 't', which has no stream [no-stream]\n"
            "  help: add 'stream: new_and_old_images' to table 't'\n"
            "t.yaml:10:13: error: handler 'h' (stream dlq) refers to queue 'dead', which is not declared "
            "[unknown-queue]\n"
            "t.yaml:12:15: error: handler 'h' env 'X' refers to flag 'f', which is not declared [unknown-flag]\n"
            "  help: declare it under 'flags:'\n");
}

TEST(CheckReferences, QueuesTopicsWorkflowsSchedulesAlarms) {
  EXPECT_EQ(references("queues: { q: { dlq: q }, r: { dlq: nope } }\n"
                       "topics: { t: { subscriptions: [ { queue: x }, { handler: y } ] } }\n"
                       "events: { E: { source: s, bus: nobus } }\n"
                       "workflows: { w: { input: F, steps: [ { a: { wait: 1s } } ] } }\n"
                       "schedules: { s: { schedule: rate(1 hour), enabled: \"${flags.g}\", target: { event: G } } }\n"
                       "alarms: { topic: alerts }\n"),
            "t.yaml:3:11: error: queue 'q' cannot be its own dead-letter queue [bad-dlq]\n"
            "t.yaml:3:26: error: queue 'r' refers to queue 'nope', which is not declared [unknown-queue]\n"
            "t.yaml:4:33: error: topic 't' refers to queue 'x', which is not declared [unknown-queue]\n"
            "t.yaml:4:47: error: topic 't' refers to handler 'y', which is not declared [unknown-handler]\n"
            "t.yaml:5:32: error: event 'E' refers to bus 'nobus', which is not declared [unknown-bus]\n"
            "t.yaml:6:26: error: workflow 'w' input refers to event 'F', which is not declared [unknown-event]\n"
            "t.yaml:7:52: error: schedule 's' refers to flag 'g', which is not declared [unknown-flag]\n"
            "  help: declare it under 'flags:'\n"
            "t.yaml:7:83: error: schedule 's' refers to event 'G', which is not declared [unknown-event]\n"
            "t.yaml:8:9: error: 'alarms' refers to topic 'alerts', which is not declared [unknown-topic]\n");
}

TEST(CheckReferences, DefaultBusNeedsNoDeclaration) {
  EXPECT_EQ(references("events: { E: { source: s, bus: default } }\n"
                       "handlers: { h: { env: { B: \"${buses.default.arn}\" } } }\n"),
            "");
}

}  // namespace
