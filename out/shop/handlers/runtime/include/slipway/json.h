// Reading JSON payloads into typed values, with errors that name the field.
//
// Every read_value overload takes the path of the value it reads ("detail.estimate.low", "Records[2].body"),
// so a payload that does not match its schema is rejected with a message such as
// "detail.estimate.low: expected number, got string". Generated code adds overloads for its own structs
// and enums; the templates below find them by argument-dependent lookup.
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace slipway {

// A payload that does not match its schema. what() is "<path>: <problem>".
class PayloadError : public std::runtime_error {
 public:
  PayloadError(std::string path, std::string problem);
  const std::string& path() const noexcept { return path_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string path_;
  std::string problem_;
};

// Path arithmetic: member("detail", "cardId") == "detail.cardId"; index("items", 2) == "items[2]".
std::string member_path(const std::string& path, std::string_view key);
std::string index_path(const std::string& path, std::size_t i);

// "string", "integer", "number", "boolean", "object", "array" or "null".
const char* json_kind(const nlohmann::json& j);

// Throws PayloadError(path, "expected <what>, got <kind>").
[[noreturn]] void type_mismatch(const nlohmann::json& j, const std::string& path, std::string_view what);

// Checks that j is an object and returns it.
const nlohmann::json& expect_object(const nlohmann::json& j, const std::string& path);

void read_value(const nlohmann::json& j, const std::string& path, std::string& out);
void read_value(const nlohmann::json& j, const std::string& path, std::int64_t& out);  // integral numbers only
void read_value(const nlohmann::json& j, const std::string& path, double& out);
void read_value(const nlohmann::json& j, const std::string& path, bool& out);
void read_value(const nlohmann::json& j, const std::string& path, nlohmann::json& out);  // any value

template <class T>
void read_value(const nlohmann::json& j, const std::string& path, std::vector<T>& out) {
  if (!j.is_array()) type_mismatch(j, path, "array");
  out.clear();
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    T item{};
    read_value(j[i], index_path(path, i), item);
    out.push_back(std::move(item));
  }
}

template <class T>
void read_value(const nlohmann::json& j, const std::string& path, std::map<std::string, T>& out) {
  expect_object(j, path);
  out.clear();
  for (const auto& [key, value] : j.items()) read_value(value, member_path(path, key), out[key]);
}

// A required member of an object: missing (or null) is an error.
template <class T>
void read_field(const nlohmann::json& object, const std::string& path, const char* key, T& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) throw PayloadError(member_path(path, key), "required field is missing");
  read_value(*it, member_path(path, key), out);
}

// An optional member: missing or null leaves it empty.
template <class T>
void read_field(const nlohmann::json& object, const std::string& path, const char* key, std::optional<T>& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    out.reset();
    return;
  }
  T value{};
  read_value(*it, member_path(path, key), value);
  out = std::move(value);
}

// A member that may be missing and then keeps its default (used for envelope fields AWS sometimes omits).
template <class T>
void read_field_or_default(const nlohmann::json& object, const std::string& path, const char* key, T& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  read_value(*it, member_path(path, key), out);
}

// Writing: required members always, optional ones only when set.
template <class T>
void write_field(nlohmann::json& object, const char* key, const T& value) {
  object[key] = value;
}
template <class T>
void write_field(nlohmann::json& object, const char* key, const std::optional<T>& value) {
  if (value) object[key] = *value;
}

// Parses JSON text; a syntax error becomes a PayloadError at `path`.
nlohmann::json parse_json(std::string_view text, const std::string& path);

// Reads a whole value of type T from a JSON document (the root path is empty).
template <class T>
T from_json_value(const nlohmann::json& j, const std::string& path = "") {
  T out{};
  read_value(j, path, out);
  return out;
}

}  // namespace slipway
