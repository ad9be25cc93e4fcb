#include "spec/node.h"

namespace slipway::spec {

const Entry* Node::entry(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key.value == key) return &e;
  }
  return nullptr;
}

const Node* Node::get(std::string_view key) const {
  const Entry* e = entry(key);
  return e ? e->value.get() : nullptr;
}

std::string describe(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null: return "nothing";
    case Node::Kind::Sequence: return "a list";
    case Node::Kind::Mapping: return "a mapping";
    case Node::Kind::Scalar: break;
  }
  return "'" + (n.value.size() > 40 ? n.value.substr(0, 40) + "..." : n.value) + "'";
}

}  // namespace slipway::spec
