// C++ declarations for the typed payloads of one handler project: structs for event details and other
// object shapes, enum classes for enums, and the C++ spelling of every field's type. Also sample JSON
// values for tests, generated from the same types.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "model/model.h"

namespace slipway::emit::handlers {

struct CppField {
  std::string key;       // the JSON key as written in the spec
  std::string member;    // the C++ member name
  std::string cpp_type;  // "std::optional<std::vector<CardCreatedItem>>"
  std::string schema;    // "integer[]", "optional timestamp", for the comment
};

struct CppDecl {
  bool is_enum = false;
  std::string name;
  std::string comment;
  std::vector<CppField> fields;            // structs
  std::vector<std::string> enum_values;    // enums: the JSON texts
  std::vector<std::string> enumerators;    // enums: the C++ names, parallel to enum_values
};

// Collects declarations in dependency order (a nested type before the struct that uses it). Names are
// unique within one project: a clash gets a trailing '_'.
class TypeTable {
 public:
  // Declares a struct for an object type and returns its C++ name.
  std::string add_struct(const model::Type& object, const std::string& name, const std::string& comment);
  // Declares a struct with fields given directly (input transformer shapes, path parameters).
  std::string add_plain_struct(const std::string& name, const std::string& comment, std::vector<CppField> fields);
  // The C++ type of a value of type `t`; nested objects and enums are declared as <owner><Field>.
  std::string cpp_type(const model::Type& t, const std::string& owner, const std::string& field);
  const std::vector<CppDecl>& decls() const { return decls_; }
  bool has(const std::string& name) const { return names_.count(name) > 0; }

 private:
  std::string unique(std::string name);
  std::vector<CppDecl> decls_;
  std::set<std::string> names_;
};

// "items" -> "Item", "categories" -> "Category", "data" -> "DataItem" (for array element type names).
std::string singular_type_name(const std::string& field);

// A deterministic sample value of a type; every optional field is present. `key` seeds string values.
model::Json sample_value(const model::Type& t, const std::string& key);

// A copy of `sample` (of object type `t`) with its first scalar field replaced by a value of the wrong
// type. Sets `path` to that field's path (under `prefix`) and `expected` to the word the runtime's error
// uses ("number", "string", ...). Returns false when the type has no scalar field to break.
bool break_sample(const model::Type& t, model::Json& sample, const std::string& prefix, std::string& path,
                  std::string& expected);

// A C++ string literal body: escapes '\\', '"' and control characters.
std::string cpp_escape(const std::string& s);

}  // namespace slipway::emit::handlers
