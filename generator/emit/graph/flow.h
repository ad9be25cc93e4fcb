// The event flow of a system as a graph: producers -> events -> rules -> targets -> workflow steps ->
// emitted events, with buses, queues, topics and DLQs. Rendered as Mermaid or Graphviz DOT.
#pragma once
#include <string>
#include <vector>

#include "model/model.h"

namespace slipway::emit::graph {

enum class NodeKind { Handler, Workflow, Step, Event, Rule, Queue, Topic, Bucket, Table, Schedule, External };

struct Node {
  std::string id;     // unique, [a-z0-9_]
  std::string label;
  NodeKind kind;
  std::string group;  // events: their bus ("" = none)
};

struct Edge {
  std::string from, to;
  std::string label;  // "" = none
  bool dashed = false;  // failure paths (DLQs, catches)
};

struct Flow {
  std::vector<Node> nodes;  // sorted by id
  std::vector<Edge> edges;  // sorted by (from, to, label)
};

Flow build_flow(const model::System& system);
std::string to_mermaid(const Flow& flow);
std::string to_dot(const Flow& flow, const std::string& name);

}  // namespace slipway::emit::graph
