// The event schemas of the graph backend (schemas/<Event>.json): their text is written directly, and must
// be exactly what the JSON library prints for the same schema built as a tree (dump with two spaces).
#include <gtest/gtest.h>

#include "emit/backend.h"

namespace {

using slipway::model::Json;
using slipway::model::Type;
using slipway::model::TypeKind;

std::shared_ptr<Type> type(TypeKind k) {
  auto t = std::make_shared<Type>();
  t->kind = k;
  return t;
}

slipway::model::Field field(std::string name, std::shared_ptr<const Type> t, bool optional = false) {
  slipway::model::Field f;
  f.name = std::move(name);
  f.type = std::move(t);
  f.optional = optional;
  return f;
}

std::string schema_text(const slipway::model::Event& e) {
  slipway::model::Program program;
  program.systems.emplace_back();
  program.systems.back().name = "shop";
  program.systems.back().events.push_back(e);
  slipway::base::OutputSet out;
  slipway::base::Diagnostics diags;
  slipway::emit::make_graph_backend()->emit(program, {}, out, diags);
  auto it = out.find("schemas/" + e.name + ".json");
  return it == out.end() ? std::string("(missing)") : it->second.content;
}

Json envelope(const slipway::model::Event& e, Json detail) {
  return Json{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
              {"title", e.name},
              {"description", "The EventBridge event " + e.name + " (source " + e.source + ", detail-type " +
                                  e.detail_type + ") as a target receives it: the envelope and its typed detail. " +
                                  "System shop."},
              {"type", "object"},
              {"required", {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}},
              {"properties",
               {{"version", {{"type", "string"}}},
                {"id", {{"type", "string"}}},
                {"detail-type", {{"const", e.detail_type}}},
                {"source", {{"const", e.source}}},
                {"account", {{"type", "string"}, {"pattern", "^[0-9]{12}$"}}},
                {"time", {{"type", "string"}, {"format", "date-time"}}},
                {"region", {{"type", "string"}}},
                {"resources", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                {"detail", std::move(detail)}}}};
}

TEST(GraphSchema, EveryKindOfTypeLaidOutAsTheJsonLibraryPrintsIt) {
  auto status = type(TypeKind::Enum);
  status->enum_values = {"new", "paid", "pipe|\"quoted\""};
  auto line = type(TypeKind::Object);
  line->fields = {field("sku", type(TypeKind::String)), field("qty", type(TypeKind::Integer)),
                  field("note", type(TypeKind::String), true)};
  auto lines = type(TypeKind::Array);
  lines->element = line;
  auto empty = type(TypeKind::Object);  // no fields: "properties": {} and no "required"
  auto detail = type(TypeKind::Object);
  detail->fields = {field("zeta", type(TypeKind::Number)),      field("amount", type(TypeKind::Number)),
                    field("at", type(TypeKind::Timestamp)),     field("paid", type(TypeKind::Boolean), true),
                    field("status", status),                    field("lines", lines),
                    field("tags", type(TypeKind::Array)),       field("meta", empty, true),
                    field("Upper", type(TypeKind::String)),     field("café", type(TypeKind::String))};

  slipway::model::Event e;
  e.name = "OrderPaid";
  e.source = "shop.orders";
  e.detail_type = "Order \"Paid\"";
  e.detail = detail;
  e.description = "When an order is paid — tab\there";

  Json line_schema{{"type", "object"},
                   {"properties", {{"sku", {{"type", "string"}}}, {"qty", {{"type", "integer"}}}, {"note", {{"type", "string"}}}}},
                   {"required", {"sku", "qty"}}};
  Json detail_schema{{"type", "object"},
                     {"description", e.description},
                     {"properties",
                      {{"zeta", {{"type", "number"}}},
                       {"amount", {{"type", "number"}}},
                       {"at", {{"type", "string"}, {"format", "date-time"}}},
                       {"paid", {{"type", "boolean"}}},
                       {"status", {{"type", "string"}, {"enum", status->enum_values}}},
                       {"lines", {{"type", "array"}, {"items", line_schema}}},
                       {"tags", {{"type", "array"}}},
                       {"meta", {{"type", "object"}, {"properties", Json::object()}}},
                       {"Upper", {{"type", "string"}}},
                       {"café", {{"type", "string"}}}}},
                     {"required", {"zeta", "amount", "at", "status", "lines", "tags", "Upper", "café"}}};
  EXPECT_EQ(schema_text(e), envelope(e, detail_schema).dump(2) + "\n");
}

TEST(GraphSchema, AnEventWithoutDetailTypeIsAnObject) {
  slipway::model::Event e;
  e.name = "Ping";
  e.source = "shop.health";
  e.detail_type = "Ping";
  EXPECT_EQ(schema_text(e), envelope(e, Json{{"type", "object"}}).dump(2) + "\n");
  e.description = "Liveness";
  EXPECT_EQ(schema_text(e), envelope(e, Json{{"type", "object"}, {"description", "Liveness"}}).dump(2) + "\n");
}

}  // namespace
