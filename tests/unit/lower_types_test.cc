// lower/types.cc: event detail schemas -> model::Type.
#include <gtest/gtest.h>

#include <string>

#include "lower_support.h"

namespace {

using slipway::model::Type;
using slipway::model::TypeKind;

using slipway::testing::Lowered;
using slipway::testing::lower;

// Lowers one event with this detail (block YAML indented by 6) and returns it.
Lowered event(const std::string& detail) {
  return lower("slipway: 1\nsystem: shop\nevents:\n  E:\n    source: shop.x\n    detail:\n" + detail);
}

std::string describe(const Type& t) {
  if (t.kind != TypeKind::Object) return slipway::model::type_name(t);
  std::string out = "{";
  for (const auto& f : t.fields) {
    out += (out.size() > 1 ? ", " : "") + f.name + (f.optional ? "?" : "") + ": " + describe(*f.type);
  }
  return out + "}";
}

TEST(LowerTypes, ScalarsArraysEnumsObjects) {
  Lowered l = event(
      "      s: string\n"
      "      i: integer\n"
      "      n: number\n"
      "      b: boolean\n"
      "      t: timestamp\n"
      "      e: enum(mint, near_mint, played)\n"
      "      tags: string[]\n"
      "      grid: integer[][]\n"
      "      opt?: string\n"
      "      nested: { low: number, high?: number }\n"
      "      items: [ { sku: string, qty: integer } ]\n");
  ASSERT_EQ(l.text(), "");
  const Type& d = *l.sys().event("E")->detail;
  EXPECT_EQ(describe(d),
            "{b: boolean, e: enum(mint, near_mint, played), grid: integer[][], i: integer, items: object[], n: number, "
            "nested: {high?: number, low: number}, opt?: string, s: string, t: timestamp, tags: string[]}");
  const auto* items = d.field("items");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->type->kind, TypeKind::Array);
  EXPECT_EQ(describe(*items->type->element), "{qty: integer, sku: string}");
  EXPECT_EQ(d.field("e")->type->enum_values, (std::vector<std::string>{"mint", "near_mint", "played"}));
  EXPECT_EQ(d.field("opt")->span.line, 15u);
}

TEST(LowerTypes, EventDefaults) {
  Lowered l = lower("slipway: 1\nsystem: shop\nevents:\n  OrderPlaced: { source: shop.orders }\n");
  ASSERT_EQ(l.text(), "");
  const auto* e = l.sys().event("OrderPlaced");
  EXPECT_EQ(e->detail_type, "OrderPlaced");
  EXPECT_EQ(e->bus, "default");
  ASSERT_TRUE(e->detail);
  EXPECT_EQ(e->detail->kind, TypeKind::Object);
  EXPECT_TRUE(e->detail->fields.empty());
  EXPECT_FALSE(e->external);
}

TEST(LowerTypes, UnknownTypeWithHint) {
  Lowered l = event("      id: strng\n");
  EXPECT_EQ(l.text(),
            "t.yaml:7:11: error: event 'E' detail.id has unknown type 'strng'; types are string, integer, number, "
            "boolean, timestamp, enum(a, b), T[] or a nested mapping [bad-type]\n"
            "  help: did you mean 'string'?\n");
}

TEST(LowerTypes, MalformedEnums) {
  Lowered l = event("      a: enum()\n      b: enum(x, x)\n      c: enum(x,,y)\n");
  EXPECT_EQ(l.text(),
            "t.yaml:7:10: error: event 'E' detail.a: an enum value is empty in 'enum()' [bad-type]\n"
            "t.yaml:8:10: error: event 'E' detail.b: enum value 'x' is listed twice [bad-type]\n"
            "t.yaml:9:10: error: event 'E' detail.c: an enum value is empty in 'enum(x,,y)' [bad-type]\n");
}

TEST(LowerTypes, ListsOfScalarsAndEmptyTypes) {
  Lowered l = event("      a: [string]\n      b:\n");
  EXPECT_EQ(l.text(),
            "t.yaml:7:10: error: event 'E' detail.a: a list in a schema must hold exactly one mapping (an array of "
            "objects); for an array of scalars write 'string[]' [bad-type]\n"
            "t.yaml:8:9: error: event 'E' detail.b has no type [bad-type]\n"
            "  help: write a type such as 'string'\n");
}

TEST(LowerTypes, FieldNamesAndDuplicates) {
  Lowered l = event("      a.b: string\n      c: string\n      c?: string\n");
  EXPECT_EQ(l.text(),
            "t.yaml:7:7: error: event 'E' detail: field name 'a.b' may not contain '.', '$', '[', ']' or spaces "
            "[invalid-name]\n"
            "t.yaml:9:7: error: event 'E' detail: field 'c' is declared twice [duplicate-name]\n");
}

TEST(LowerTypes, TypeNames) {
  Lowered l = event("      a: enum(x, y)[]\n");
  ASSERT_EQ(l.text(), "");
  EXPECT_EQ(slipway::model::type_name(*l.sys().event("E")->detail->field("a")->type), "enum(x, y)[]");
}

}  // namespace
