// lower/handlers.cc and lower/sections.cc: handlers (triggers, uses, emits, env, grants) and resources.
#include <gtest/gtest.h>

#include <string>

#include "lower_support.h"

namespace {

using slipway::model::Access;
using slipway::model::ResourceKind;

using slipway::testing::Lowered;
using slipway::testing::lower;

const char* kResources =
    "slipway: 1\nsystem: shop\n"
    "tables: { orders: { key: { pk: string, sk: number }, stream: new_and_old_images } }\n"
    "buckets: { files: {} }\n"
    "queues: { jobs: {}, dlq: {} }\n"
    "topics: { alerts: {} }\n"
    "secrets: { api_key: {} }\n"
    "parameters: { db_url: { path: /shop/db, secure: true } }\n"
    "schedules: { expiry: { target: { handler: other } } }\n"
    "events: { E: { source: shop.x } }\n"
    "workflows: { w: { steps: [ { s: other } ] } }\n";

TEST(LowerHandlers, UsesAreResolvedAndSorted) {
  Lowered l = lower(std::string(kResources) +
                    "handlers:\n"
                    "  other: {}\n"
                    "  h:\n"
                    "    uses:\n"
                    "      expiry: create\n"
                    "      db_url: read\n"
                    "      api_key: read\n"
                    "      alerts: publish\n"
                    "      jobs: send\n"
                    "      files: { access: readwrite, prefix: in/ }\n"
                    "      orders: write\n");
  ASSERT_EQ(l.text(), "");
  const auto& u = l.sys().handler("h")->uses;
  ASSERT_EQ(u.size(), 7u);
  EXPECT_EQ(u[0].kind, ResourceKind::Table);
  EXPECT_EQ(u[0].access, Access::Write);
  EXPECT_EQ(u[1].kind, ResourceKind::Bucket);
  EXPECT_EQ(u[1].access, Access::ReadWrite);
  EXPECT_EQ(u[1].prefix, "in/");
  EXPECT_EQ(u[2].kind, ResourceKind::Queue);
  EXPECT_EQ(u[3].kind, ResourceKind::Topic);
  EXPECT_EQ(u[4].kind, ResourceKind::Secret);
  EXPECT_EQ(u[5].kind, ResourceKind::Parameter);
  EXPECT_EQ(u[6].kind, ResourceKind::ScheduleGroup);
  EXPECT_EQ(u[6].access, Access::Create);
}

TEST(LowerHandlers, AccessMustFitTheResource) {
  Lowered l = lower(std::string(kResources) + "handlers:\n  other: {}\n  h: { uses: { jobs: write, nope: read } }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:14:22: error: 'write' does not apply to queue 'jobs'; use send or consume [bad-access]\n"
            "t.yaml:14:29: error: handler 'h' uses 'nope', which is not a declared table, bucket, queue, topic, "
            "secret, parameter or schedule group [unknown-reference]\n");
}

TEST(LowerHandlers, Triggers) {
  Lowered l = lower(std::string(kResources) +
                    "handlers:\n"
                    "  other: {}\n"
                    "  api: { http: \"PUT /orders/{id}\", auth: none }\n"
                    "  api2: { http: { route: GET /x, auth: jwt } }\n"
                    "  upload: { s3: { bucket: files, events: [removed, created, created], prefix: a/, suffix: .png } }\n"
                    "  stream:\n"
                    "    stream: { table: orders, batch_size: 50, starting_position: trim_horizon, retry: { attempts: 2, max_age: 1h },\n"
                    "              dlq: dlq, bisect: false, parallelization: 4, window: 5s }\n"
                    "  worker: { queue: { name: jobs, batch_size: 50, window: 10s, max_concurrency: 5 } }\n"
                    "  simple: { queue: jobs }\n"
                    "  tick: { schedule: { expression: rate(5 minutes), timezone: UTC, input: { a: 1 } } }\n");
  ASSERT_EQ(l.text(), "");
  const auto& s = l.sys();
  EXPECT_EQ(s.handler("api")->http->method, "PUT");
  EXPECT_EQ(s.handler("api")->http->path, "/orders/{id}");
  EXPECT_FALSE(s.handler("api")->http->auth);
  EXPECT_TRUE(s.handler("api2")->http->auth);
  EXPECT_EQ(s.handler("upload")->s3->events, (std::vector<std::string>{"created", "removed"}));
  EXPECT_EQ(s.handler("upload")->s3->suffix, ".png");
  const auto& st = *s.handler("stream")->stream;
  EXPECT_EQ(st.batch_size, 50);
  EXPECT_EQ(st.starting_position, "TRIM_HORIZON");
  EXPECT_EQ(st.retry_attempts, 2);
  EXPECT_EQ(st.max_age_seconds, 3600);
  EXPECT_EQ(st.dlq, "dlq");
  EXPECT_FALSE(st.bisect_on_error);
  EXPECT_EQ(st.parallelization, 4);
  EXPECT_EQ(st.batching_window_seconds, 5);
  const auto& q = *s.handler("worker")->queue;
  EXPECT_EQ(q.queue, "jobs");
  EXPECT_EQ(q.batch_size, 50);
  EXPECT_EQ(q.max_concurrency, 5);
  EXPECT_EQ(s.handler("simple")->queue->batch_size, 10);
  EXPECT_EQ(s.handler("tick")->schedule->schedule.expression, "rate(5 minutes)");
  EXPECT_EQ(s.handler("tick")->schedule->input.dump(), R"({"a":1})");
  ASSERT_TRUE(s.api.has_value()) << "an http trigger implies an API";
}

TEST(LowerHandlers, EmitsStartsEnvAndGrants) {
  Lowered l = lower(std::string(kResources) +
                    "handlers:\n"
                    "  other: {}\n"
                    "  h:\n"
                    "    description: Does it\n"
                    "    emits: [E, E]\n"
                    "    starts: w\n"
                    "    env: { B: two, A: \"${tables.orders.name}\" }\n"
                    "    async: { retry_attempts: 0, dlq: dlq }\n"
                    "    aws: [ { actions: [bedrock:InvokeModel], resources: ['arn:aws:bedrock:*::foundation-model/x'] } ]\n");
  ASSERT_EQ(l.text(), "");
  const auto* h = l.sys().handler("h");
  EXPECT_EQ(h->description, "Does it");
  EXPECT_EQ(h->emits, std::vector<std::string>{"E"});
  EXPECT_EQ(h->starts, std::vector<std::string>{"w"});
  ASSERT_EQ(h->env.size(), 2u);
  EXPECT_EQ(h->env[0].name, "A");
  EXPECT_EQ(h->async_retry_attempts, 0);
  EXPECT_EQ(h->dlq, "dlq");
  ASSERT_EQ(h->aws.size(), 1u);
  EXPECT_EQ(h->aws[0].actions, std::vector<std::string>{"bedrock:InvokeModel"});
}

TEST(LowerHandlers, RouteErrors) {
  Lowered l = lower("slipway: 1\nsystem: shop\nhandlers:\n  a: { http: /x }\n  b: { http: POTS /x }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:4:14: error: handler 'a': 'http': '/x' must start with an HTTP method (GET, POST, PUT, PATCH, "
            "DELETE, HEAD, OPTIONS or ANY) [bad-route]\n"
            "  help: write e.g. 'POST /x'\n"
            "t.yaml:5:14: error: handler 'b': 'http': 'POTS /x' must start with an HTTP method (GET, POST, PUT, PATCH, "
            "DELETE, HEAD, OPTIONS or ANY) [bad-route]\n"
            "  help: did you mean 'POST'?\n");
}

TEST(LowerHandlers, Resources) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\n"
      "tables:\n"
      "  t:\n"
      "    key: { pk: string, sk: number }\n"
      "    indexes: { byUser: { key: { user: string }, projection: [a, b] }, all: { key: { x: binary }, projection: keys_only } }\n"
      "    stream: keys_only\n"
      "    ttl: expires\n"
      "    point_in_time_recovery: false\n"
      "    deletion_protection: true\n"
      "    billing: provisioned\n"
      "    read_capacity: 5\n"
      "    write_capacity: 2\n"
      "buckets:\n"
      "  b: { versioning: true, eventbridge: true, encryption: kms, force_destroy: true,\n"
      "       lifecycle: [ { id: tmp, prefix: tmp/, expire_days: 1 }, { transition_days: 30, transition_class: GLACIER } ],\n"
      "       cors: { origins: ['https://x.example'] } }\n"
      "queues:\n"
      "  q: { fifo: true, retention_days: 14, visibility_timeout: 6m, delay: 10s, dlq: d, max_receives: 3 }\n"
      "  d: { fifo: true, retention_days: 14 }\n"
      "topics:\n"
      "  t: { subscriptions: [ { queue: q }, { email: a@b.example }, { https: 'https://hook.example' } ] }\n"
      "secrets: { s: { description: Key } }\n"
      "parameters: { p: {} }\n");
  ASSERT_EQ(l.text(), "");
  const auto& s = l.sys();
  const auto* t = s.table("t");
  EXPECT_EQ(t->partition.type, "S");
  EXPECT_EQ(t->sort->type, "N");
  EXPECT_EQ(t->stream, "KEYS_ONLY");
  EXPECT_EQ(t->ttl_attribute, "expires");
  EXPECT_FALSE(t->point_in_time_recovery);
  EXPECT_TRUE(t->deletion_protection);
  EXPECT_EQ(t->billing, "PROVISIONED");
  ASSERT_EQ(t->indexes.size(), 2u);
  EXPECT_EQ(t->indexes[0].name, "all");
  EXPECT_EQ(t->indexes[0].projection, "KEYS_ONLY");
  EXPECT_EQ(t->indexes[0].partition.type, "B");
  EXPECT_EQ(t->indexes[1].projection, "INCLUDE");
  EXPECT_EQ(t->indexes[1].non_key_attributes, (std::vector<std::string>{"a", "b"}));
  const auto* b = s.bucket("b");
  EXPECT_EQ(b->encryption, "aws:kms");
  ASSERT_EQ(b->lifecycle.size(), 2u);
  EXPECT_EQ(b->lifecycle[0].id, "tmp");
  EXPECT_EQ(b->lifecycle[1].id, "rule-2");
  EXPECT_EQ(b->cors_origins, std::vector<std::string>{"https://x.example"});
  const auto* q = s.queue("q");
  EXPECT_EQ(q->retention_seconds, 14 * 86400);
  EXPECT_EQ(q->visibility_timeout_seconds, 360);
  EXPECT_EQ(q->delay_seconds, 10);
  EXPECT_EQ(q->max_receives, 3);
  const auto& subs = s.topic("t")->subscriptions;
  ASSERT_EQ(subs.size(), 3u);
  EXPECT_EQ(subs[0].protocol, "sqs");
  EXPECT_EQ(subs[1].protocol, "email");
  EXPECT_EQ(subs[2].protocol, "https");
  EXPECT_EQ(s.parameter("p")->path, "/shop/p");
  EXPECT_FALSE(s.parameter("p")->secure);
}

}  // namespace
