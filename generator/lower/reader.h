// Helpers for reading spec nodes into typed values with diagnostics. Every mapping is read through a
// MapReader, which remembers the keys asked for and reports every other key as unknown, with a hint.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"
#include "spec/node.h"

namespace slipway::lower {

using spec::Node;

// Scalars.
std::optional<std::string> as_string(const Node& n, const std::string& what, base::Diagnostics& d);
std::optional<long long> as_integer(const Node& n, const std::string& what, base::Diagnostics& d);
std::optional<long long> as_integer_in(const Node& n, const std::string& what, long long lo, long long hi,
                                       base::Diagnostics& d);
std::optional<double> as_number(const Node& n, const std::string& what, base::Diagnostics& d);
std::optional<bool> as_bool(const Node& n, const std::string& what, base::Diagnostics& d);
// "30s", "5m", "1h", "7d", "1h30m", or a plain number of seconds.
std::optional<long long> as_duration(const Node& n, const std::string& what, base::Diagnostics& d);
std::optional<long long> parse_duration(const std::string& text);
// A list of strings; a single string is accepted as a list of one.
std::optional<std::vector<std::string>> as_string_list(const Node& n, const std::string& what,
                                                       base::Diagnostics& d);
// A YAML value as JSON: plain scalars become numbers, booleans and null where they look like them.
model::Json to_json(const Node& n);
// A YAML scalar as JSON, plain or quoted.
model::Json scalar_json(const Node& n);

bool is_identifier(const std::string& s);
// Values that reach generated policy and state machine templates literally (event sources, detail
// types, parameter paths, key prefixes) may not hold '${': it reads as a reference to a deployed value,
// which these fields cannot take. ('%{' is escaped where it lands.) Reports and returns false.
bool check_literal(const Node& n, const std::string& what, base::Diagnostics& d);
// Reports an invalid name (`what` is "handler", "event", ...). Returns false when invalid.
bool check_identifier(const spec::Key& key, const std::string& what, base::Diagnostics& d);

// Reports a wrong type: "<what> must be <expected>, not <describe(n)>".
void wrong_type(const Node& n, const std::string& what, const std::string& expected, base::Diagnostics& d);

class MapReader {
 public:
  // `what` names the mapping in messages ("handler 'cards_create'").
  MapReader(const Node& node, std::string what, base::Diagnostics& d);
  bool ok() const { return ok_; }
  const Node& node() const { return node_; }
  const std::string& what() const { return what_; }
  base::Diagnostics& diags() const { return d_; }

  // The value of `key`, or nullptr; remembers that `key` is known.
  const Node* get(const std::string& key);
  // The key `key` as written (its text and position), or nullptr; does not mark it known.
  const spec::Key* key_of(const std::string& key) const;
  bool has(const std::string& key) const { return node_.is_mapping() && node_.get(key) != nullptr; }
  // Marks keys as known without reading them.
  void allow(std::initializer_list<const char*> keys);

  std::optional<std::string> str(const std::string& key);
  std::optional<long long> integer(const std::string& key, long long lo, long long hi);
  std::optional<bool> boolean(const std::string& key);
  std::optional<long long> duration(const std::string& key);
  std::optional<std::vector<std::string>> strings(const std::string& key);
  std::string field(const std::string& key) const { return what_ + ": '" + key + "'"; }

  // Reports every key not asked for. Call after all get()s.
  void finish();

 private:
  const Node& node_;
  std::string what_;
  base::Diagnostics& d_;
  bool ok_;
  std::vector<std::string> known_;
};

}  // namespace slipway::lower
