// A JSON value that remembers how each number was written. EventBridge compares numbers in exact-value
// matches by their text ("300" and "300.0" differ) and in numeric matches by value, so the matcher needs
// both; nlohmann::json keeps only the value.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slipway::match {

struct Member;

struct Value {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::string text;    // String: the string; Number: the number as written
  double number = 0;   // Number
  std::vector<Value> items;                             // Array
  std::vector<Member> fields;  // Object, sorted by key; a repeated key keeps the last

  bool is_object() const { return kind == Kind::Object; }
  bool is_array() const { return kind == Kind::Array; }
  bool is_scalar() const { return kind != Kind::Object && kind != Kind::Array; }
  const Value* find(const std::string& key) const;  // Object member or nullptr
  // JSON text of a scalar as EventBridge compares it: strings quoted, numbers as written.
  std::string json_text() const;
};

// One member of an object. Named like std::pair so structured bindings and .first/.second read alike;
// a struct of its own because std::pair may not hold the still-incomplete Value (clang rejects it).
struct Member {
  std::string first;
  Value second;
  Member(std::string key, Value value) : first(std::move(key)), second(std::move(value)) {}
};

// Parses JSON text; on failure returns nullopt and sets `error`.
std::optional<Value> parse_json(const std::string& text, std::string& error);

// From a parsed document (numbers take nlohmann's spelling) and back.
Value from_json(const nlohmann::json& j);
nlohmann::json to_json(const Value& v);

}  // namespace slipway::match
