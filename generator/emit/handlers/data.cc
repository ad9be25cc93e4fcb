#include "emit/handlers/data.h"

namespace slipway::emit::handlers {

Data::Data(std::initializer_list<Field> members) : kind_(Kind::Object) {
  members_.reserve(members.size());
  for (const Field& f : members) members_.push_back(Member{hash(f.key), std::string(f.key), std::move(f.value)});
}

Data Data::number(std::string text) { return Data(Kind::Number, std::move(text)); }

Data& Data::operator[](std::string_view key) {
  if (kind_ == Kind::Null) kind_ = Kind::Object;
  const std::uint32_t h = hash(key);
  for (Member& m : members_) {
    if (m.hash == h && m.key == key) return m.value;
  }
  members_.push_back(Member{h, std::string(key), Data()});
  return members_.back().value;
}

void Data::push_back(Data item) {
  if (kind_ == Kind::Null) kind_ = Kind::List;
  items_.push_back(std::move(item));
}

const Data* Data::find(std::uint32_t h, std::string_view key) const {
  for (const Member& m : members_) {
    if (m.hash == h && m.key == key) return &m.value;
  }
  return nullptr;
}

model::Json Data::to_json() const {
  switch (kind_) {
    case Kind::Null: return nullptr;
    case Kind::Bool: return bool_;
    case Kind::Number: return model::Json::parse(text_);
    case Kind::String: return text_;
    case Kind::List: {
      model::Json out = model::Json::array();
      for (const Data& d : items_) out.push_back(d.to_json());
      return out;
    }
    case Kind::Object: {
      model::Json out = model::Json::object();
      for (const Member& m : members_) out[m.key] = m.value.to_json();
      return out;
    }
  }
  return nullptr;
}

Data Data::from_json(const model::Json& j) {
  switch (j.type()) {
    case model::Json::value_t::object: {
      Data d = object();
      d.members_.reserve(j.size());
      for (const auto& [key, value] : j.items()) d.members_.push_back(Member{hash(key), key, from_json(value)});
      return d;
    }
    case model::Json::value_t::array: {
      Data d = list();
      d.items_.reserve(j.size());
      for (const auto& value : j) d.items_.push_back(from_json(value));
      return d;
    }
    case model::Json::value_t::boolean: return Data(j.get<bool>());
    case model::Json::value_t::string: return Data(j.get_ref<const std::string&>());
    case model::Json::value_t::number_integer:
    case model::Json::value_t::number_unsigned:
    case model::Json::value_t::number_float: return number(j.dump());
    default: return Data();
  }
}

}  // namespace slipway::emit::handlers
