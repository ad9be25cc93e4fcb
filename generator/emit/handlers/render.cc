#include "emit/handlers/render.h"

#include <kainjow/mustache.hpp>
#include <string_view>

namespace slipway::emit::handlers {

namespace {

namespace mu = kainjow::mustache;

mu::data to_data(const model::Json& j) {
  switch (j.type()) {
    case model::Json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, to_data(v));
      return d;
    }
    case model::Json::value_t::array: {
      mu::data d{mu::data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case model::Json::value_t::boolean: return mu::data{j.get<bool>()};
    case model::Json::value_t::string: return mu::data{j.get<std::string>()};
    case model::Json::value_t::null: return mu::data{false};
    default: return mu::data{j.dump()};
  }
}

// The Mustache spec's "standalone" rule, which kainjow applies only to sections that render: a line
// holding only a section, inverted-section, closing or comment tag (and whitespace) leaves no trace in
// the output. The tag moves to the start of the next line, followed by a marker that keeps kainjow from
// dropping that line when it is blank; the marker is removed after rendering.
constexpr char kMarker = '\x01';

std::string strip_standalone_lines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::size_t next = end == std::string::npos ? text.size() : end + 1;
    std::string_view line(text.data() + pos, (end == std::string::npos ? text.size() : end) - pos);
    std::size_t b = line.find_first_not_of(" \t");
    std::size_t e = line.find_last_not_of(" \t\r");
    bool standalone = false;
    if (b != std::string_view::npos) {
      std::string_view tag = line.substr(b, e - b + 1);
      standalone = tag.size() > 4 && tag.substr(0, 2) == "{{" && tag.substr(tag.size() - 2) == "}}" &&
                   std::string_view("#^/!").find(tag[2]) != std::string_view::npos &&
                   tag.find("{{", 2) == std::string_view::npos;
      if (standalone) {
        out += tag;
        out += kMarker;
      }
    }
    if (!standalone) out.append(text, pos, next - pos);
    pos = next;
  }
  return out;
}

}  // namespace

struct Renderer::Impl {
  std::map<std::string, std::unique_ptr<mu::mustache>> compiled;  // by template name
  std::map<std::string, std::string> errors;                      // templates that do not compile
  mu::data view{mu::data::type::object};
};

Renderer::Renderer() : impl_(std::make_unique<Impl>()) {}
Renderer::~Renderer() = default;

void Renderer::set_view(const model::Json& view) { impl_->view = to_data(view); }

Rendered Renderer::render(const std::string& name, const std::string& text) {
  auto it = impl_->compiled.find(name);
  if (it == impl_->compiled.end()) {
    auto bad = impl_->errors.find(name);
    if (bad != impl_->errors.end()) return Rendered{"", bad->second};
    if (text.find(kMarker) != std::string::npos) {
      impl_->errors[name] = "contains the control character U+0001";
      return Rendered{"", impl_->errors[name]};
    }
    auto tmpl = std::make_unique<mu::mustache>(strip_standalone_lines(text));
    if (!tmpl->is_valid()) {
      impl_->errors[name] = tmpl->error_message();
      return Rendered{"", impl_->errors[name]};
    }
    tmpl->set_custom_escape([](const std::string& s) { return s; });
    it = impl_->compiled.emplace(name, std::move(tmpl)).first;
  }
  Rendered out;
  out.text = it->second->render(impl_->view);
  std::erase(out.text, kMarker);
  if (!it->second->is_valid()) out.error = it->second->error_message();
  return out;
}

Rendered render(const std::string& template_text, const model::Json& view) {
  if (template_text.find(kMarker) != std::string::npos) return Rendered{"", "contains the control character U+0001"};
  mu::mustache tmpl{strip_standalone_lines(template_text)};
  if (!tmpl.is_valid()) return Rendered{"", tmpl.error_message()};
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  Rendered out;
  out.text = tmpl.render(to_data(view));
  std::erase(out.text, kMarker);
  if (!tmpl.is_valid()) out.error = tmpl.error_message();
  return out;
}

}  // namespace slipway::emit::handlers
