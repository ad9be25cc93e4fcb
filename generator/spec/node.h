// The syntax tree of a spec: YAML with a source span on every node. No semantics here.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"

namespace slipway::spec {

struct Node;
using NodePtr = std::shared_ptr<Node>;

// A mapping's key: always a scalar, so only its text and where it is written. (A key kept as a Node of its
// own, behind a shared pointer, took 128 bytes more than this: 230 MB of the spec's tree at N=100,000.)
struct Key {
  std::string value;
  base::Span span;
};

struct Entry {
  Key key;
  NodePtr value;  // never null (an empty value is a Null node)
};

struct Node {
  enum class Kind { Null, Scalar, Sequence, Mapping };
  Kind kind = Kind::Null;
  base::Span span;
  std::string value;           // scalars
  bool plain = true;           // a scalar written without quotes or explicit tag
  bool flow = false;           // a collection written in flow style ({...} or [...])
  std::vector<NodePtr> items;  // sequences
  std::vector<Entry> entries;  // mappings, in source order
  std::uint64_t weight = 1;    // nodes in this subtree, aliases counted as expanded

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_mapping() const { return kind == Kind::Mapping; }
  // The value of `key` in a mapping, or nullptr.
  const Node* get(std::string_view key) const;
  const Entry* entry(std::string_view key) const;
};

// Words for messages: "a mapping", "a list", "a string", "nothing".
std::string describe(const Node& n);

}  // namespace slipway::spec
