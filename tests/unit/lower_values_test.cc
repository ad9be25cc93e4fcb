// lower/reader.cc and lower/refs.cc: durations, scalars, `${...}` references, toggles.
#include <gtest/gtest.h>

#include <string>

#include "lower/internal.h"
#include "lower_support.h"

namespace {

using slipway::lower::parse_duration;

using slipway::testing::Lowered;
using slipway::testing::lower;

TEST(LowerValues, Durations) {
  EXPECT_EQ(parse_duration("30s"), 30);
  EXPECT_EQ(parse_duration("5m"), 300);
  EXPECT_EQ(parse_duration("1h"), 3600);
  EXPECT_EQ(parse_duration("7d"), 604800);
  EXPECT_EQ(parse_duration("1h30m"), 5400);
  EXPECT_EQ(parse_duration("1m30s"), 90);
  EXPECT_EQ(parse_duration("90"), 90);
  EXPECT_EQ(parse_duration("0"), 0);
  EXPECT_EQ(parse_duration(""), std::nullopt);
  EXPECT_EQ(parse_duration("5 minutes"), std::nullopt);
  EXPECT_EQ(parse_duration("5min"), std::nullopt);
  EXPECT_EQ(parse_duration("-5"), std::nullopt);
  EXPECT_EQ(parse_duration("1.5h"), std::nullopt);
  EXPECT_EQ(parse_duration("m"), std::nullopt);
  EXPECT_EQ(parse_duration("5x"), std::nullopt);
  EXPECT_EQ(parse_duration("9999999999s"), std::nullopt) << "more than 9 digits is refused, not overflowed";
}

TEST(LowerValues, DurationErrorsNameTheField) {
  Lowered l = lower("slipway: 1\nsystem: shop\nhandlers:\n  h: { timeout: soon }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:4:17: error: handler 'h': 'timeout' must be a duration such as 30s, 5m, 1h or 7d, not 'soon' "
            "[bad-duration]\n");
}

TEST(LowerValues, IntegersMustBePlainWholeNumbers) {
  Lowered l = lower("slipway: 1\nsystem: shop\nhandlers:\n  a: { memory: '256' }\n  b: { memory: 256.5 }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:4:16: error: handler 'a': 'memory' must be a whole number, not '256' [wrong-type]\n"
            "t.yaml:5:16: error: handler 'b': 'memory' must be a whole number, not '256.5' [wrong-type]\n");
}

TEST(LowerValues, ReferencesSplitTextIntoParts) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\nflags: { beta: true }\ntables: { orders: { key: { id: string } } }\n"
      "queues: { jobs: {} }\n"
      "handlers:\n"
      "  h:\n"
      "    env:\n"
      "      A: \"${flags.beta}\"\n"
      "      B: \"table=${tables.orders.name};q=${queues.jobs.url}!\"\n"
      "      C: \"cost $${5}\"\n"
      "      D: plain\n");
  ASSERT_EQ(l.text(), "");
  const auto& env = l.sys().handler("h")->env;
  ASSERT_EQ(env.size(), 4u);
  ASSERT_EQ(env[0].value.parts.size(), 1u);
  EXPECT_EQ(env[0].value.parts[0].ref, (slipway::model::Ref{"flags", "beta", ""}));
  const auto& b = env[1].value.parts;
  ASSERT_EQ(b.size(), 5u);
  EXPECT_EQ(b[0].literal, "table=");
  EXPECT_EQ(b[1].ref, (slipway::model::Ref{"tables", "orders", "name"}));
  EXPECT_EQ(b[2].literal, ";q=");
  EXPECT_EQ(b[3].ref, (slipway::model::Ref{"queues", "jobs", "url"}));
  EXPECT_EQ(b[4].literal, "!");
  EXPECT_TRUE(env[2].value.is_literal());
  EXPECT_EQ(env[2].value.literal(), "cost ${5}");
  EXPECT_EQ(env[3].value.literal(), "plain");
}

TEST(LowerValues, MalformedReferences) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\nhandlers:\n  h:\n    env:\n"
      "      A: \"${tabels.x.name}\"\n"
      "      B: \"${tables.x}\"\n"
      "      C: \"${flags.a.b}\"\n"
      "      D: \"${flags.a\"\n");
  EXPECT_EQ(l.text(),
            "t.yaml:6:10: error: handler 'h': env 'A': '${tabels.x.name}' refers to no known kind of thing "
            "[bad-reference]\n"
            "  help: did you mean 'tables'?\n"
            "t.yaml:7:10: error: handler 'h': env 'B': '${tables.x}' must name an attribute: ${tables.NAME.ATTR} with "
            "ATTR one of arn, name, stream_arn [bad-reference]\n"
            "t.yaml:8:10: error: handler 'h': env 'C': write a flag reference as ${flags.NAME} [bad-reference]\n"
            "t.yaml:9:10: error: handler 'h': env 'D': '${' is not closed [bad-reference]\n"
            "  help: write '$${' for a literal '${', or close the reference with '}'\n");
}

TEST(LowerValues, TogglesAreBooleansOrFlags) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\nflags: { on: true }\nhandlers: { h: {} }\n"
      "rules:\n"
      "  a: { schedule: rate(1 hour), enabled: false, target: { handler: h } }\n"
      "  b: { schedule: rate(1 hour), enabled: \"${flags.on}\", target: { handler: h } }\n"
      "  c: { schedule: rate(1 hour), target: { handler: h } }\n"
      "  d: { schedule: rate(1 hour), enabled: \"yes\", target: { handler: h } }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:9:41: error: rule 'd': 'enabled' must be true, false or \"${flags.NAME}\", not 'yes' [wrong-type]\n");
  EXPECT_FALSE(l.sys().rule("a")->enabled.value);
  EXPECT_EQ(l.sys().rule("b")->enabled.flag, "on");
  EXPECT_TRUE(l.sys().rule("c")->enabled.value);
  EXPECT_TRUE(l.sys().rule("c")->enabled.flag.empty());
}

TEST(LowerValues, Identifiers) {
  EXPECT_TRUE(slipway::lower::is_identifier("a"));
  EXPECT_TRUE(slipway::lower::is_identifier("OrderPlaced_2"));
  EXPECT_FALSE(slipway::lower::is_identifier(""));
  EXPECT_FALSE(slipway::lower::is_identifier("_a"));
  EXPECT_FALSE(slipway::lower::is_identifier("2a"));
  EXPECT_FALSE(slipway::lower::is_identifier("a-b"));
  EXPECT_FALSE(slipway::lower::is_identifier("a b"));
  EXPECT_FALSE(slipway::lower::is_identifier("caf\xC3\xA9"));
}

TEST(LowerValues, UnknownKeysGetAHintOrTheList) {
  Lowered l = lower("slipway: 1\nsystem: shop\nqueues:\n  q: { fifoo: true, colour: red }\n");
  EXPECT_EQ(l.text(),
            "t.yaml:4:8: error: unknown key 'fifoo' in queue 'q' [unknown-key]\n"
            "  help: did you mean 'fifo'?\n"
            "t.yaml:4:21: error: unknown key 'colour' in queue 'q' [unknown-key]\n"
            "  help: expected one of: delay, dlq, fifo, max_receives, retention_days, visibility_timeout\n");
}

}  // namespace
