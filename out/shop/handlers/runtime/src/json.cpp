#include "slipway/json.h"

#include <cmath>
#include <limits>

namespace slipway {

namespace {
std::string describe(const std::string& path, const std::string& problem) {
  return (path.empty() ? std::string("payload") : path) + ": " + problem;
}
}  // namespace

PayloadError::PayloadError(std::string path, std::string problem)
    : std::runtime_error(describe(path, problem)), path_(std::move(path)), problem_(std::move(problem)) {}

std::string member_path(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

std::string index_path(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

const char* json_kind(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::null: return "null";
    default: return "binary";
  }
}

void type_mismatch(const nlohmann::json& j, const std::string& path, std::string_view what) {
  throw PayloadError(path, "expected " + std::string(what) + ", got " + json_kind(j));
}

const nlohmann::json& expect_object(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object()) type_mismatch(j, path, "object");
  return j;
}

void read_value(const nlohmann::json& j, const std::string& path, std::string& out) {
  if (!j.is_string()) type_mismatch(j, path, "string");
  out = j.get<std::string>();
}

void read_value(const nlohmann::json& j, const std::string& path, std::int64_t& out) {
  if (j.is_number_integer()) {
    out = j.get<std::int64_t>();
    return;
  }
  if (j.is_number_unsigned()) {
    auto u = j.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw PayloadError(path, "integer out of range");
    }
    out = static_cast<std::int64_t>(u);
    return;
  }
  if (j.is_number_float()) {
    // JSON Schema counts 3.0 as an integer; 3.5 is not.
    double d = j.get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.2e18) {
      out = static_cast<std::int64_t>(d);
      return;
    }
  }
  type_mismatch(j, path, "integer");
}

void read_value(const nlohmann::json& j, const std::string& path, double& out) {
  if (!j.is_number()) type_mismatch(j, path, "number");
  out = j.get<double>();
}

void read_value(const nlohmann::json& j, const std::string& path, bool& out) {
  if (!j.is_boolean()) type_mismatch(j, path, "boolean");
  out = j.get<bool>();
}

void read_value(const nlohmann::json& j, const std::string&, nlohmann::json& out) { out = j; }

nlohmann::json parse_json(std::string_view text, const std::string& path) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw PayloadError(path, std::string("not valid JSON (") + e.what() + ")");
  }
}

}  // namespace slipway
