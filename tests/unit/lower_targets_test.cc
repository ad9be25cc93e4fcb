// lower/targets.cc: rules, their targets and input shapes, retry policies, schedules and schedule expressions.
#include <gtest/gtest.h>

#include <string>

#include "lower_support.h"

namespace {

using slipway::model::TargetKind;

using slipway::testing::Lowered;
using slipway::testing::lower;

const char* kHead =
    "slipway: 1\nsystem: shop\n"
    "buses: { orders: {} }\n"
    "events:\n"
    "  E: { source: shop.x, bus: orders, detail: { id: string, customer: { id: string }, items: [ { sku: string } ] } }\n"
    "handlers: { h: {} }\n"
    "workflows: { w: { steps: [ { s: h } ] } }\n"
    "queues: { q: {}, f: { fifo: true }, dlq: {} }\n"
    "topics: { t: {} }\n";

TEST(LowerTargets, EveryTargetKind) {
  Lowered l = lower(std::string(kHead) +
                    "rules:\n"
                    "  r:\n"
                    "    on: E\n"
                    "    description: All of them\n"
                    "    targets:\n"
                    "      - { handler: h, retry: { attempts: 3, max_age: 1h }, dlq: dlq }\n"
                    "      - { workflow: w }\n"
                    "      - { queue: f, message_group_id: orders }\n"
                    "      - { topic: t }\n"
                    "      - { bus: 'arn:aws:events:eu-west-1:111122223333:event-bus/x' }\n");
  ASSERT_EQ(l.text(), "");
  const auto* r = l.sys().rule("r");
  EXPECT_EQ(r->event, "E");
  EXPECT_EQ(r->bus, "orders") << "a rule lives on its event's bus";
  EXPECT_EQ(r->description, "All of them");
  ASSERT_EQ(r->targets.size(), 5u);
  EXPECT_EQ(r->targets[0].kind, TargetKind::Handler);
  ASSERT_TRUE(r->targets[0].retry);
  EXPECT_EQ(r->targets[0].retry->attempts, 3);
  EXPECT_EQ(r->targets[0].retry->max_age_seconds, 3600);
  EXPECT_EQ(r->targets[0].dlq, "dlq");
  EXPECT_EQ(r->targets[1].kind, TargetKind::Workflow);
  EXPECT_EQ(r->targets[2].kind, TargetKind::Queue);
  EXPECT_EQ(r->targets[2].message_group_id, "orders");
  EXPECT_EQ(r->targets[3].kind, TargetKind::Topic);
  EXPECT_EQ(r->targets[4].kind, TargetKind::Bus);
  EXPECT_EQ(r->targets[4].name, "arn:aws:events:eu-west-1:111122223333:event-bus/x");
  EXPECT_FALSE(r->targets[1].retry.has_value());
}

TEST(LowerTargets, InputShapes) {
  Lowered l = lower(std::string(kHead) +
                    "rules:\n"
                    "  r:\n"
                    "    on: E\n"
                    "    targets:\n"
                    "      - { handler: h, input: $.detail }\n"
                    "      - { handler: h, input: { id: $.detail.id, who: $.detail.customer.id, sku: '$.detail.items[0].sku',\n"
                    "                               src: $.source, reason: auto, n: 3, nested: { t: $.time } } }\n"
                    "      - { handler: h }\n");
  ASSERT_EQ(l.text(), "");
  const auto& t = l.sys().rule("r")->targets;
  EXPECT_EQ(t[0].input.path, "$.detail");
  EXPECT_TRUE(t[0].input.shape.is_null());
  EXPECT_EQ(t[1].input.shape.dump(),
            R"({"id":"$.detail.id","n":3,"nested":{"t":"$.time"},"reason":"auto","sku":"$.detail.items[0].sku",)"
            R"("src":"$.source","who":"$.detail.customer.id"})");
  EXPECT_FALSE(t[2].input.present());
}

TEST(LowerTargets, InputPathsAreChecked) {
  Lowered l = lower(std::string(kHead) +
                    "rules:\n"
                    "  r:\n"
                    "    on: E\n"
                    "    target: { handler: h, input: { a: $.detail.idd, b: $.detail.id.x, c: $.region } }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:13:39: error: '$.detail.idd': '$.detail' has no field 'idd' [unknown-path]\n"
            "  help: did you mean 'id'?\n"
            "t.yaml:13:56: error: '$.detail.id.x': '$.detail.id' is string and has no field 'x' [unknown-path]\n");
}

TEST(LowerTargets, ScheduleRules) {
  Lowered l = lower(std::string(kHead) +
                    "rules:\n"
                    "  nightly: { schedule: cron(0 3 * * ? *), enabled: false, target: { handler: h } }\n");
  ASSERT_EQ(l.text(), "");
  const auto* r = l.sys().rule("nightly");
  EXPECT_EQ(r->event, "");
  EXPECT_EQ(r->bus, "default");
  EXPECT_EQ(r->schedule.expression, "cron(0 3 * * ? *)");
  EXPECT_TRUE(r->pattern.is_null());
  EXPECT_FALSE(r->enabled.value);
}

TEST(LowerTargets, ScheduleExpressionsAccepted) {
  for (const char* e : {"rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)",
                        "rate(7 days)", "cron(0 3 * * ? *)", "cron(0/15 8-18 ? * MON-FRI *)", "cron(0 12 L * ? *)",
                        "cron(0 12 15W * ? 2030)", "cron(0 9 ? * 2#1 *)", "cron(0 9 ? * 6L *)",
                        "cron(5,35 14 * JAN,JUL ? *)", "cron(0 0 1 */3 ? *)"}) {
    Lowered l = lower(std::string(kHead) + "rules:\n  r: { schedule: '" + e + "', target: { handler: h } }\n");
    EXPECT_EQ(l.text(), "") << e;
  }
}

TEST(LowerTargets, ScheduleExpressionsRejected) {
  for (const char* e : {"rate(1 minutes)", "rate(2 minute)", "rate(0 days)", "rate(5 weeks)", "rate(5)",
                        "rate(-1 days)", "cron(0 3 * * *)", "cron(0 3 * * * *)", "cron(0 3 ? * ? *)",
                        "cron(60 3 * * ? *)", "cron(0 24 * * ? *)", "cron(0 3 32 * ? *)", "cron(0 3 ? 13 * *)",
                        "cron(0 3 ? * 8 *)", "cron(0 3 ? * 2#6 *)", "cron(*/0 3 * * ? *)", "cron(? 3 * * ? *)",
                        "cron(0 3 * * ? 1969)", "at(2030-01-01T00:00:00)", "daily", ""}) {
    Lowered l = lower(std::string(kHead) + "rules:\n  r: { schedule: '" + e + "', target: { handler: h } }\n");
    EXPECT_NE(l.text().find("[bad-schedule]"), std::string::npos) << e << ": " << l.text();
  }
}

TEST(LowerTargets, RateUnitHints) {
  Lowered l = lower(std::string(kHead) +
                    "rules:\n"
                    "  a: { schedule: rate(1 hours), target: { handler: h } }\n"
                    "  b: { schedule: rate(3 day), target: { handler: h } }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:11:18: error: rule 'a': 'schedule': a rate of 1 takes the singular unit [bad-schedule]\n"
            "  help: write 'rate(1 hour)'\n"
            "t.yaml:12:18: error: rule 'b': 'schedule': a rate above 1 takes the plural unit [bad-schedule]\n"
            "  help: write 'rate(3 days)'\n");
}

TEST(LowerTargets, Schedules) {
  Lowered l = lower(std::string(kHead) +
                    "schedules:\n"
                    "  weekly: { schedule: rate(7 days), timezone: Europe/Berlin, flexible_window: 15m,\n"
                    "            target: { workflow: w, input: { k: v }, retry: { attempts: 2, max_age: 2h } } }\n"
                    "  expiry: { target: { handler: h, dlq: dlq } }\n"
                    "  once: { schedule: at(2030-01-31T09:00:00), target: { event: E, detail: { id: x } } }\n");
  ASSERT_EQ(l.text(), "");
  const auto* w = l.sys().schedule("weekly");
  EXPECT_FALSE(w->is_group());
  EXPECT_EQ(w->schedule.timezone, "Europe/Berlin");
  EXPECT_EQ(w->flexible_window_minutes, 15);
  EXPECT_EQ(w->target.kind, TargetKind::Workflow);
  EXPECT_EQ(w->target.input.shape.dump(), R"({"k":"v"})");
  EXPECT_EQ(w->target.retry->max_age_seconds, 7200);
  const auto* g = l.sys().schedule("expiry");
  EXPECT_TRUE(g->is_group());
  EXPECT_EQ(g->target.dlq, "dlq");
  const auto* o = l.sys().schedule("once");
  EXPECT_EQ(o->target.kind, TargetKind::Event);
  EXPECT_EQ(o->target.input.shape.dump(), R"({"id":"x"})");
}

}  // namespace
