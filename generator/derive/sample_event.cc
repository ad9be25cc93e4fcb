#include "derive/sample_event.h"

namespace slipway::derive {

namespace {
constexpr const char* kSampleTime = "2024-01-01T00:00:00Z";
}

model::Json sample_value(const model::Type& t, const std::string& name) {
  switch (t.kind) {
    case model::TypeKind::String: return "example-" + name;
    case model::TypeKind::Integer: return 1;
    case model::TypeKind::Number: return 1.5;
    case model::TypeKind::Boolean: return true;
    case model::TypeKind::Timestamp: return kSampleTime;
    case model::TypeKind::Enum: return t.enum_values.empty() ? model::Json("") : model::Json(t.enum_values.front());
    case model::TypeKind::Array: {
      model::Json a = model::Json::array();
      if (t.element) a.push_back(sample_value(*t.element, name));
      return a;
    }
    case model::TypeKind::Object: {
      model::Json o = model::Json::object();
      for (const auto& f : t.fields) {
        if (f.type) o[f.name] = sample_value(*f.type, f.name);
      }
      return o;
    }
  }
  return nullptr;
}

model::Json sample_event(const model::System& system, const model::Event& event) {
  model::Json e = model::Json::object();
  e["version"] = "0";
  e["id"] = "00000000-0000-4000-8000-000000000000";
  e["detail-type"] = event.detail_type;
  e["source"] = event.source;
  e["account"] = "123456789012";
  e["time"] = kSampleTime;
  e["region"] = system.region;
  e["resources"] = model::Json::array();
  e["detail"] = event.detail ? sample_value(*event.detail, event.name) : model::Json::object();
  return e;
}

}  // namespace slipway::derive
