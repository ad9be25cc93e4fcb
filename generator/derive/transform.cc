#include "derive/transform.h"

namespace slipway::derive {

bool is_input_path(const std::string& s) { return s == "$" || s.rfind("$.", 0) == 0; }

std::optional<model::Json> json_at(const model::Json& event, const std::string& path) {
  if (!is_input_path(path)) return std::nullopt;
  const model::Json* cur = &event;
  std::size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.') {
      std::size_t j = i + 1;
      while (j < path.size() && path[j] != '.' && path[j] != '[') ++j;
      std::string key = path.substr(i + 1, j - i - 1);
      if (key.empty() || !cur->is_object() || !cur->contains(key)) return std::nullopt;
      cur = &(*cur)[key];
      i = j;
    } else if (path[i] == '[') {
      std::size_t j = path.find(']', i);
      if (j == std::string::npos) return std::nullopt;
      std::string idx = path.substr(i + 1, j - i - 1);
      if (idx.empty() || idx.find_first_not_of("0123456789") != std::string::npos || !cur->is_array()) {
        return std::nullopt;
      }
      std::size_t n = std::stoul(idx);
      if (n >= cur->size()) return std::nullopt;
      cur = &(*cur)[n];
      i = j + 1;
    } else {
      return std::nullopt;
    }
  }
  return *cur;
}

namespace {

model::Json substitute(const model::Json& shape, const model::Json& event) {
  if (shape.is_string() && is_input_path(shape.get<std::string>())) {
    auto v = json_at(event, shape.get<std::string>());
    return v ? *v : model::Json(nullptr);
  }
  if (shape.is_object()) {
    model::Json out = model::Json::object();
    for (const auto& [k, v] : shape.items()) out[k] = substitute(v, event);
    return out;
  }
  if (shape.is_array()) {
    model::Json out = model::Json::array();
    for (const auto& v : shape) out.push_back(substitute(v, event));
    return out;
  }
  return shape;
}

}  // namespace

model::Json apply_input(const model::InputShape& input, const model::Json& event) {
  if (!input.shape.is_null()) return substitute(input.shape, event);
  if (!input.path.empty()) {
    auto v = json_at(event, input.path);
    return v ? *v : model::Json(nullptr);
  }
  return event;
}

}  // namespace slipway::derive
