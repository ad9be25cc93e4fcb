// lower/pattern.cc: `match:` and stream `filter:` compile to EventBridge pattern JSON, checked against the
// event schema. Patterns are compared as exact JSON text.
#include <gtest/gtest.h>

#include <string>

#include "lower_support.h"

namespace {


using slipway::testing::Lowered;
using slipway::testing::lower;

const char* kEvent =
    "slipway: 1\nsystem: shop\n"
    "events:\n"
    "  E:\n"
    "    source: shop.x\n"
    "    detail:\n"
    "      id: string\n"
    "      n: integer\n"
    "      price: number\n"
    "      ok: boolean\n"
    "      at: timestamp\n"
    "      status: enum(new, paid)\n"
    "      ip: string\n"
    "      tags: string[]\n"
    "      scores: number[]\n"
    "      customer: { tier: string, address: { country: string } }\n"
    "      items: [ { sku: string, qty: integer } ]\n"
    "handlers:\n  h: {}\n";

// The pattern of rule `r` with this `match:` body (flow YAML).
std::string pattern(const std::string& match, std::string* diags = nullptr) {
  Lowered l = lower(std::string(kEvent) + "rules:\n  r:\n    on: E\n    match: " + match + "\n    target: { handler: h }\n");
  if (diags) {
    *diags = l.text();
  } else {
    EXPECT_EQ(l.text(), "") << match;
  }
  if (l.program.systems.empty()) return "<no system>";
  const auto* r = l.sys().rule("r");
  return r ? r->pattern.dump() : "<no rule>";
}

TEST(LowerPattern, ListIsEqualityAny) {
  EXPECT_EQ(pattern("{ id: [a, b] }"), R"({"id":["a","b"]})");
}

TEST(LowerPattern, ScalarIsAListOfOne) {
  EXPECT_EQ(pattern("{ id: a }"), R"({"id":["a"]})");
}

TEST(LowerPattern, ValuesTakeTheFieldsType) {
  EXPECT_EQ(pattern("{ id: [123, true] }"), R"({"id":["123","true"]})");
  EXPECT_EQ(pattern("{ n: [1, 2] }"), R"({"n":[1,2]})");
  EXPECT_EQ(pattern("{ price: [1.5] }"), R"({"price":[1.5]})");
  EXPECT_EQ(pattern("{ ok: [true] }"), R"({"ok":[true]})");
  EXPECT_EQ(pattern("{ status: [paid] }"), R"({"status":["paid"]})");
  EXPECT_EQ(pattern("{ at: ['2024-01-01T00:00:00Z'] }"), R"({"at":["2024-01-01T00:00:00Z"]})");
}

TEST(LowerPattern, NullMatchesNull) {
  EXPECT_EQ(pattern("{ id: [null] }"), R"({"id":[null]})");
}

TEST(LowerPattern, NestedObjects) {
  EXPECT_EQ(pattern("{ customer: { tier: [gold], address: { country: [DE, AT] } } }"),
            R"({"customer":{"address":{"country":["DE","AT"]},"tier":["gold"]}})");
}

TEST(LowerPattern, ArraysMatchTheirElements) {
  EXPECT_EQ(pattern("{ tags: [vip] }"), R"({"tags":["vip"]})");
  EXPECT_EQ(pattern("{ scores: [{ '>': 5 }] }"), R"({"scores":[{"numeric":[">",5]}]})");
}

// EventBridge matches the fields of objects inside arrays element-wise; lower/pattern.cc rejects it today
// ("'items' is object[], not an object"): reported to the lead; enable once fixed.
TEST(LowerPattern, ArraysOfObjectsMatchTheirElementsFields) {
  EXPECT_EQ(pattern("{ items: { sku: [A1] } }"), R"({"items":{"sku":["A1"]}})");
  EXPECT_EQ(pattern("{ items: { qty: [{ '>': 1 }] } }"), R"({"items":{"qty":[{"numeric":[">",1]}]}})");
}

TEST(LowerPattern, StringOperators) {
  EXPECT_EQ(pattern("{ id: [{ prefix: ord- }] }"), R"({"id":[{"prefix":"ord-"}]})");
  EXPECT_EQ(pattern("{ id: { suffix: .jpg } }"), R"({"id":[{"suffix":".jpg"}]})");
  EXPECT_EQ(pattern("{ id: [{ equals-ignore-case: Abc }] }"), R"({"id":[{"equals-ignore-case":"Abc"}]})");
  EXPECT_EQ(pattern("{ id: [{ wildcard: 'a*b' }] }"), R"({"id":[{"wildcard":"a*b"}]})");
  EXPECT_EQ(pattern("{ id: [{ prefix: { equals-ignore-case: ORD } }] }"),
            R"({"id":[{"prefix":{"equals-ignore-case":"ORD"}}]})");
  EXPECT_EQ(pattern("{ id: [{ prefix: a }, { suffix: b }] }"), R"({"id":[{"prefix":"a"},{"suffix":"b"}]})");
}

TEST(LowerPattern, NumericRangeIsOneMatcher) {
  EXPECT_EQ(pattern("{ price: { '>': 0, '<=': 100 } }"), R"({"price":[{"numeric":[">",0,"<=",100]}]})");
  EXPECT_EQ(pattern("{ n: [{ '=': 5 }] }"), R"({"n":[{"numeric":["=",5]}]})");
}

TEST(LowerPattern, ExistsCidrAnythingBut) {
  EXPECT_EQ(pattern("{ id: [{ exists: false }] }"), R"({"id":[{"exists":false}]})");
  EXPECT_EQ(pattern("{ ip: [{ cidr: 10.0.0.0/24 }] }"), R"({"ip":[{"cidr":"10.0.0.0/24"}]})");
  EXPECT_EQ(pattern("{ status: [{ anything-but: new }] }"), R"({"status":[{"anything-but":"new"}]})");
  EXPECT_EQ(pattern("{ n: [{ anything-but: [1, 2] }] }"), R"({"n":[{"anything-but":[1,2]}]})");
  EXPECT_EQ(pattern("{ id: [{ anything-but: { prefix: test- } }] }"), R"({"id":[{"anything-but":{"prefix":"test-"}}]})");
}

TEST(LowerPattern, AnyOfIsOr) {
  EXPECT_EQ(pattern("{ any_of: [ { id: [a] }, { n: [{ '>': 1 }] } ] }"),
            R"({"$or":[{"id":["a"]},{"n":[{"numeric":[">",1]}]}]})");
}

TEST(LowerPattern, NoMatchIsNull) {
  Lowered l = lower(std::string(kEvent) + "rules:\n  r: { on: E, target: { handler: h } }\n");
  EXPECT_EQ(l.text(), "");
  EXPECT_TRUE(l.sys().rule("r")->pattern.is_null());
}

TEST(LowerPattern, UnknownFieldIsReportedWithAHint) {
  std::string d;
  pattern("{ customer: { teir: [gold] } }", &d);
  // A transposition is one edit, so 'teir' gets its hint.
  EXPECT_EQ(d, "t.yaml:23:26: error: the event has no field 'customer.teir' [match-field]\n  help: did you mean 'tier'?\n");
  pattern("{ customer: { tiers: [gold] } }", &d);
  EXPECT_EQ(d, "t.yaml:23:26: error: the event has no field 'customer.tiers' [match-field]\n  help: did you mean 'tier'?\n");
}

TEST(LowerPattern, OperatorsMustFitTheType) {
  std::string d;
  pattern("{ n: [{ prefix: '1' }] }", &d);
  EXPECT_EQ(d,
            "t.yaml:23:20: error: 'prefix' does not fit 'n', which is integer; 'prefix' needs a string field "
            "[match-operator]\n");
  pattern("{ id: [{ '<': 3 }] }", &d);
  EXPECT_EQ(d,
            "t.yaml:23:21: error: '<' does not fit 'id', which is string; '<' needs a number or integer field "
            "[match-operator]\n");
}

TEST(LowerPattern, EnumValuesMustBeMembers) {
  std::string d;
  pattern("{ status: [new, piad, pad] }", &d);
  EXPECT_EQ(d,
            "t.yaml:23:28: error: 'piad' is not a value of 'status', which is enum(new, paid) [match-value]\n"
            "  help: did you mean 'paid'?\n"
            "t.yaml:23:34: error: 'pad' is not a value of 'status', which is enum(new, paid) [match-value]\n"
            "  help: did you mean 'paid'?\n");
}

TEST(LowerPattern, StreamFilterIsUntyped) {
  Lowered l = lower(
      "slipway: 1\nsystem: shop\n"
      "tables:\n  t: { key: { id: string }, stream: new_image }\n"
      "handlers:\n"
      "  h:\n"
      "    stream:\n"
      "      table: t\n"
      "      filter: { eventName: [INSERT, MODIFY], dynamodb: { NewImage: { n: { N: [{ '>': 5 }] } } } }\n");
  EXPECT_EQ(l.text(), "");
  EXPECT_EQ(l.sys().handler("h")->stream->filter.dump(),
            R"({"dynamodb":{"NewImage":{"n":{"N":[{"numeric":[">",5]}]}}},"eventName":["INSERT","MODIFY"]})");
}

}  // namespace
