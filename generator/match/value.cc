#include "match/value.h"

#include <algorithm>

namespace slipway::match {

const Value* Value::find(const std::string& key) const {
  auto it = std::lower_bound(fields.begin(), fields.end(), key,
                             [](const auto& f, const std::string& k) { return f.first < k; });
  return it != fields.end() && it->first == key ? &it->second : nullptr;
}

std::string Value::json_text() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return boolean ? "true" : "false";
    case Kind::Number: return text;
    case Kind::String: return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    default: return to_json(*this).dump();
  }
}

namespace {

void sort_fields(Value& v) {
  // Stable, so that of repeated keys the last one written stays last; then keep only that one.
  std::stable_sort(v.fields.begin(), v.fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Member> unique;
  for (auto& f : v.fields) {
    if (!unique.empty() && unique.back().first == f.first) {
      unique.back().second = std::move(f.second);
    } else {
      unique.push_back(std::move(f));
    }
  }
  v.fields = std::move(unique);
}

// Builds a Value from nlohmann's SAX events, which hand over the text of floating-point numbers.
class Builder {
 public:
  using json = nlohmann::json;
  bool null() { return put(Value{}); }
  bool boolean(bool b) {
    Value v;
    v.kind = Value::Kind::Bool;
    v.boolean = b;
    return put(std::move(v));
  }
  bool number_integer(json::number_integer_t n) { return number(static_cast<double>(n), std::to_string(n)); }
  bool number_unsigned(json::number_unsigned_t n) { return number(static_cast<double>(n), std::to_string(n)); }
  bool number_float(json::number_float_t n, const std::string& s) { return number(n, s); }
  bool string(std::string& s) {
    Value v;
    v.kind = Value::Kind::String;
    v.text = s;
    return put(std::move(v));
  }
  bool binary(json::binary_t&) { return false; }
  bool start_object(std::size_t) {
    Value v;
    v.kind = Value::Kind::Object;
    stack_.push_back(std::move(v));
    keys_.emplace_back();
    return true;
  }
  bool key(std::string& k) {
    keys_.back() = k;
    return true;
  }
  bool end_object() {
    Value v = std::move(stack_.back());
    stack_.pop_back();
    keys_.pop_back();
    sort_fields(v);
    return put(std::move(v));
  }
  bool start_array(std::size_t) {
    Value v;
    v.kind = Value::Kind::Array;
    stack_.push_back(std::move(v));
    keys_.emplace_back();
    return true;
  }
  bool end_array() { return end_object(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    error = e.what();
    return false;
  }

  std::optional<Value> root;
  std::string error;

 private:
  bool number(double d, std::string text) {
    Value v;
    v.kind = Value::Kind::Number;
    v.number = d;
    v.text = std::move(text);
    return put(std::move(v));
  }
  bool put(Value v) {
    if (stack_.empty()) {
      root = std::move(v);
    } else if (stack_.back().is_object()) {
      stack_.back().fields.emplace_back(keys_.back(), std::move(v));
    } else {
      stack_.back().items.push_back(std::move(v));
    }
    return true;
  }
  std::vector<Value> stack_;
  std::vector<std::string> keys_;
};

}  // namespace

std::optional<Value> parse_json(const std::string& text, std::string& error) {
  Builder b;
  bool ok = nlohmann::json::sax_parse(text, &b);
  if (!ok || !b.root) {
    error = b.error.empty() ? "not a JSON document" : b.error;
    // nlohmann prefixes messages with "[json.exception.parse_error.101] "; keep what follows.
    if (auto pos = error.find("] "); error.rfind("[json.", 0) == 0 && pos != std::string::npos) {
      error = error.substr(pos + 2);
    }
    return std::nullopt;
  }
  return std::move(b.root);
}

Value from_json(const nlohmann::json& j) {
  Value v;
  switch (j.type()) {
    case nlohmann::json::value_t::null: break;
    case nlohmann::json::value_t::boolean:
      v.kind = Value::Kind::Bool;
      v.boolean = j.get<bool>();
      break;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      v.kind = Value::Kind::Number;
      v.number = j.get<double>();
      v.text = j.dump();
      break;
    case nlohmann::json::value_t::string:
      v.kind = Value::Kind::String;
      v.text = j.get<std::string>();
      break;
    case nlohmann::json::value_t::array:
      v.kind = Value::Kind::Array;
      for (const auto& e : j) v.items.push_back(from_json(e));
      break;
    case nlohmann::json::value_t::object:
      v.kind = Value::Kind::Object;
      for (const auto& [k, e] : j.items()) v.fields.emplace_back(k, from_json(e));
      sort_fields(v);
      break;
    default: break;
  }
  return v;
}

nlohmann::json to_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return nullptr;
    case Value::Kind::Bool: return v.boolean;
    case Value::Kind::Number: {
      // Keep integers integral; everything else as the double it denotes.
      nlohmann::json parsed = nlohmann::json::parse(v.text, nullptr, false);
      return parsed.is_discarded() ? nlohmann::json(v.number) : parsed;
    }
    case Value::Kind::String: return v.text;
    case Value::Kind::Array: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& e : v.items) a.push_back(to_json(e));
      return a;
    }
    case Value::Kind::Object: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& [k, e] : v.fields) o[k] = to_json(e);
      return o;
    }
  }
  return nullptr;
}

}  // namespace slipway::match
