// The data the handler templates render: null, booleans, numbers, strings, lists and objects, as a JSON
// value has them, but flat. An object is a vector of members, each with its key's hash; a template's
// names are hashed once, when it is compiled, so finding a name is a scan of small integers. A view
// built with nlohmann's JSON paid for a std::map node, a key copy and a value copy per member, and the
// handlers backend was the costliest stage of a build (docs/performance.md).
#pragma once
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.h"

namespace slipway::emit::handlers {

class Data {
 public:
  enum class Kind : std::uint8_t { Null, Bool, Number, String, List, Object };
  struct Member;
  struct Field;

  // Constructors are defined below Member, which must be complete first.
  Data();
  Data(std::nullptr_t);
  Data(bool b);
  template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
  Data(T n) : Data(Kind::Number, std::to_string(n)) {}
  Data(std::string s);
  Data(std::string_view s);
  Data(const char* s);
  // An object: Data{{"name", "x"}, {"last", true}}, keys distinct. The values are moved in, not copied.
  Data(std::initializer_list<Field> members);

  static Data list();
  template <typename... Items>
  static Data list(Items&&... items);
  static Data object();
  // A number whose printed form is `text` (as nlohmann's dump() prints it).
  static Data number(std::string text);

  // Objects: the member called `key`, appended as null when there is none. A null becomes an object.
  Data& operator[](std::string_view key);
  // Lists: appends. A null becomes a list.
  void push_back(Data item);

  Kind kind() const { return kind_; }
  // What a section tests: null, false and the empty list are false, everything else is true.
  bool is_false() const {
    return kind_ == Kind::Null || (kind_ == Kind::Bool && !bool_) || (kind_ == Kind::List && items_.empty());
  }
  bool boolean() const { return kind_ == Kind::Bool && bool_; }
  // Strings and numbers: their text; "" for the rest.
  const std::string& text() const { return text_; }
  bool printable() const { return kind_ == Kind::String || kind_ == Kind::Number; }
  const std::vector<Data>& items() const { return items_; }
  std::vector<Data>& items() { return items_; }
  std::size_t size() const;
  bool empty() const { return size() == 0; }

  // The member called `key` whose hash is `h` (== hash(key)), or nullptr; nullptr when not an object.
  const Data* find(std::uint32_t h, std::string_view key) const;

  static constexpr std::uint32_t hash(std::string_view key) {
    std::uint32_t h = 2166136261u;  // FNV-1a
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }

  // The same value as JSON, and back (numbers print as dump() prints them): for the reference
  // renderer in the tests and for callers that hold JSON.
  model::Json to_json() const;
  static Data from_json(const model::Json& j);

 private:
  explicit Data(Kind k, std::string text = {});

  Kind kind_ = Kind::Null;
  bool bool_ = false;
  std::string text_;             // String, Number
  std::vector<Data> items_;      // List
  std::vector<Member> members_;  // Object, in insertion order
};

struct Data::Member {
  std::uint32_t hash = 0;
  std::string key;
  Data value;
};

// A member of an object literal. An initializer list holds its elements as const: the value is mutable
// so that the constructor can move it out.
struct Data::Field {
  Field(std::string_view k, Data v) : key(k), value(std::move(v)) {}
  std::string_view key;
  mutable Data value;
};

inline Data::Data(Kind k, std::string text) : kind_(k), text_(std::move(text)) {}
inline Data::Data() = default;
inline Data::Data(std::nullptr_t) {}
inline Data::Data(bool b) : kind_(Kind::Bool), bool_(b) {}
inline Data::Data(std::string s) : Data(Kind::String, std::move(s)) {}
inline Data::Data(std::string_view s) : Data(Kind::String, std::string(s)) {}
inline Data::Data(const char* s) : Data(Kind::String, std::string(s)) {}
inline Data Data::list() { return Data(Kind::List); }
inline Data Data::object() { return Data(Kind::Object); }
inline std::size_t Data::size() const { return kind_ == Kind::Object ? members_.size() : items_.size(); }
template <typename... Items>
Data Data::list(Items&&... items) {
  Data d(Kind::List);
  d.items_.reserve(sizeof...(items));
  (d.items_.emplace_back(std::forward<Items>(items)), ...);
  return d;
}

}  // namespace slipway::emit::handlers
