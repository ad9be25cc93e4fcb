#include "emit/graph/flow.h"

#include <algorithm>
#include <map>
#include <cctype>
#include <tuple>

namespace slipway::emit::graph {

namespace {

class Builder {
 public:
  explicit Builder(const model::System& s) : s_(s) {}

  std::string node(NodeKind kind, const std::string& name, std::string label = "", std::string group = "") {
    static const std::map<NodeKind, std::string> kPrefix = {
        {NodeKind::Handler, "fn_"}, {NodeKind::Workflow, "sfn_"}, {NodeKind::Step, "step_"},
        {NodeKind::Event, "ev_"},   {NodeKind::Rule, "rule_"},    {NodeKind::Queue, "sqs_"},
        {NodeKind::Topic, "sns_"},  {NodeKind::Bucket, "s3_"},    {NodeKind::Table, "ddb_"},
        {NodeKind::Schedule, "sched_"}, {NodeKind::External, "ext_"}};
    std::string id = kPrefix.at(kind);
    for (char c : name) id += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
    auto [it, fresh] = nodes_.try_emplace(id);
    if (fresh) it->second = Node{id, label.empty() ? name : label, kind, std::move(group)};
    return id;
  }
  void edge(const std::string& from, const std::string& to, std::string label = "", bool dashed = false) {
    edges_.push_back({from, to, std::move(label), dashed});
  }

  std::string event(const std::string& name) {
    const model::Event* e = s_.event(name);
    return node(NodeKind::Event, name, name, e ? e->bus : "");
  }
  std::string target(model::TargetKind k, const std::string& name) {
    switch (k) {
      case model::TargetKind::Handler: return node(NodeKind::Handler, name);
      case model::TargetKind::Workflow: return node(NodeKind::Workflow, name);
      case model::TargetKind::Queue: return node(NodeKind::Queue, name);
      case model::TargetKind::Topic: return node(NodeKind::Topic, name);
      case model::TargetKind::Event: return event(name);
      case model::TargetKind::Bus: return node(NodeKind::External, name, "bus " + name);
    }
    return "";
  }

  // Steps that touch something become nodes chained in execution order (the workflow, then each step).
  std::string steps(const std::string& wf, const std::string& from, const std::vector<model::Step>& list) {
    std::string prev = from;
    for (const auto& st : list) {
      std::string id;
      auto step_node = [&] { return node(NodeKind::Step, wf + "__" + st.name, wf + "." + st.name); };
      switch (st.kind) {
        case model::StepKind::Invoke: id = step_node(); edge(id, node(NodeKind::Handler, st.target), "invokes"); break;
        case model::StepKind::Emit: id = step_node(); edge(id, event(st.target), "emits"); break;
        case model::StepKind::Publish: id = step_node(); edge(id, node(NodeKind::Topic, st.target), "publishes"); break;
        case model::StepKind::Send: id = step_node(); edge(id, node(NodeKind::Queue, st.target), "sends"); break;
        case model::StepKind::Start: id = step_node(); edge(id, node(NodeKind::Workflow, st.target), "starts"); break;
        case model::StepKind::DynamoDb:
          id = step_node();
          edge(id, node(NodeKind::Table, st.target), st.dynamodb_op);
          break;
        default: break;
      }
      if (!id.empty()) {
        edge(prev, id);
        prev = id;
      }
      std::string here = prev;
      for (const auto& b : st.branches) steps(wf, here, b);
      steps(wf, here, st.iterator);
      for (const auto& c : st.choices) steps(wf, here, c.steps);
      if (st.otherwise) steps(wf, here, *st.otherwise);
      for (const auto& c : st.catches) steps(wf, here, c.steps);
    }
    return prev;
  }

  Flow build() {
    for (const auto& e : s_.events) event(e.name);
    for (const auto& h : s_.handlers) {
      std::string id = node(NodeKind::Handler, h.name);
      for (const auto& e : h.emits) edge(id, event(e), "emits");
      for (const auto& w : h.starts) edge(id, node(NodeKind::Workflow, w), "starts");
      if (h.queue) edge(node(NodeKind::Queue, h.queue->queue), id, "triggers");
      if (h.s3) edge(node(NodeKind::Bucket, h.s3->bucket), id, "notifies");
      if (h.stream) {
        edge(node(NodeKind::Table, h.stream->table), id, "stream");
        if (!h.stream->dlq.empty()) edge(id, node(NodeKind::Queue, h.stream->dlq), "on failure", true);
      }
      if (h.http) edge(node(NodeKind::External, "api", "HTTP API"), id, h.http->method + " " + h.http->path);
      if (h.schedule) edge(node(NodeKind::Schedule, "fn_" + h.name, h.schedule->schedule.expression), id, "invokes");
      if (!h.dlq.empty()) edge(id, node(NodeKind::Queue, h.dlq), "on failure", true);
    }
    for (const auto& b : s_.buckets) {
      if (!b.eventbridge) continue;
      std::string id = node(NodeKind::Bucket, b.name);
      for (const auto& e : s_.events) {
        if (e.source == "aws.s3") edge(id, event(e.name), "emits");
      }
    }
    for (const auto& sc : s_.schedules) {
      std::string id = node(NodeKind::Schedule, sc.name,
                            sc.is_group() ? "schedule group " + sc.name : sc.name + ": " + sc.schedule.expression);
      edge(id, target(sc.target.kind, sc.target.name), sc.target.kind == model::TargetKind::Event ? "puts" : "invokes");
      if (!sc.target.dlq.empty()) edge(id, node(NodeKind::Queue, sc.target.dlq), "dlq", true);
    }
    for (const auto& r : s_.rules) {
      std::string id = node(NodeKind::Rule, r.name, "rule " + r.name);
      if (!r.event.empty()) {
        edge(event(r.event), id);
      } else {
        edge(node(NodeKind::Schedule, "rule_" + r.name, r.schedule.expression), id);
      }
      for (const auto& t : r.targets) {
        edge(id, target(t.kind, t.name), t.input.present() ? "input transformer" : "");
        if (!t.dlq.empty()) edge(id, node(NodeKind::Queue, t.dlq), "dlq", true);
      }
    }
    for (const auto& q : s_.queues) {
      if (!q.dlq.empty()) edge(node(NodeKind::Queue, q.name), node(NodeKind::Queue, q.dlq), "redrive", true);
    }
    for (const auto& t : s_.topics) {
      std::string id = node(NodeKind::Topic, t.name);
      for (const auto& sub : t.subscriptions) {
        if (sub.protocol == "sqs") edge(id, node(NodeKind::Queue, sub.target));
        else if (sub.protocol == "lambda") edge(id, node(NodeKind::Handler, sub.target));
        else edge(id, node(NodeKind::External, sub.protocol + "_" + sub.target, sub.protocol + ": " + sub.target));
      }
    }
    for (const auto& w : s_.workflows) {
      std::string id = node(NodeKind::Workflow, w.name);
      steps(w.name, id, w.steps);
      for (const auto& c : w.catches) steps(w.name, id, c.steps);
    }
    // The nodes and edges move into the flow (copied, they were the graph backend's largest working data
    // twice over: about a million edges at N=100,000). The edges are sorted and their repeats dropped once,
    // at the end, rather than kept in an ordered set as they came.
    Flow f;
    f.nodes.reserve(nodes_.size());
    for (auto& [id, n] : nodes_) f.nodes.push_back(std::move(n));
    nodes_.clear();
    auto key = [](const Edge& e) { return std::tie(e.from, e.to, e.label, e.dashed); };
    std::sort(edges_.begin(), edges_.end(), [&](const Edge& a, const Edge& b) { return key(a) < key(b); });
    auto same = [&](const Edge& a, const Edge& b) { return key(a) == key(b); };
    edges_.erase(std::unique(edges_.begin(), edges_.end(), same), edges_.end());
    f.edges = std::move(edges_);
    return f;
  }

 private:
  const model::System& s_;
  std::map<std::string, Node> nodes_;
  std::vector<Edge> edges_;  // as they came, repeats too
};

std::string quote(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '"') ? std::string("#quot;") : std::string(1, c);
  return "\"" + out + "\"";
}

std::string mermaid_node(const Node& n) {
  std::string q = quote(n.label);
  switch (n.kind) {
    case NodeKind::Handler: return n.id + "[" + quote("λ " + n.label) + "]";
    case NodeKind::Workflow: return n.id + "[[" + q + "]]";
    case NodeKind::Step: return n.id + "(" + q + ")";
    case NodeKind::Event: return n.id + "{{" + q + "}}";
    case NodeKind::Rule: return n.id + "([" + q + "])";
    case NodeKind::Queue: return n.id + "[(" + quote("queue " + n.label) + ")]";
    case NodeKind::Topic: return n.id + ">" + quote("topic " + n.label) + "]";
    case NodeKind::Bucket: return n.id + "[(" + quote("bucket " + n.label) + ")]";
    case NodeKind::Table: return n.id + "[(" + quote("table " + n.label) + ")]";
    case NodeKind::Schedule: return n.id + "[/" + q + "/]";
    case NodeKind::External: return n.id + "[" + q + "]";
  }
  return n.id;
}

}  // namespace

Flow build_flow(const model::System& system) { return Builder(system).build(); }

std::string to_mermaid(const Flow& f) {
  std::string out = "flowchart LR\n";
  std::map<std::string, std::vector<const Node*>> by_bus;
  for (const auto& n : f.nodes) {
    if (n.kind == NodeKind::Event && !n.group.empty()) {
      by_bus[n.group].push_back(&n);
    } else {
      out += "  " + mermaid_node(n) + "\n";
    }
  }
  for (const auto& [bus, nodes] : by_bus) {
    out += "  subgraph bus_" + bus + "[" + quote("bus " + bus) + "]\n";
    for (const Node* n : nodes) out += "    " + mermaid_node(*n) + "\n";
    out += "  end\n";
  }
  for (const auto& e : f.edges) {
    std::string arrow = e.dashed ? " -.->" : " -->";
    out += "  " + e.from + arrow + (e.label.empty() ? "" : "|" + quote(e.label) + "|") + " " + e.to + "\n";
  }
  return out;
}

std::string to_dot(const Flow& f, const std::string& name) {
  auto q = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  static const std::map<NodeKind, std::string> kShape = {
      {NodeKind::Handler, "box"},       {NodeKind::Workflow, "box3d"},   {NodeKind::Step, "box, style=rounded"},
      {NodeKind::Event, "hexagon"},     {NodeKind::Rule, "ellipse"},     {NodeKind::Queue, "cylinder"},
      {NodeKind::Topic, "cds"},         {NodeKind::Bucket, "folder"},    {NodeKind::Table, "cylinder"},
      {NodeKind::Schedule, "parallelogram"}, {NodeKind::External, "note"}};
  std::string out = "digraph " + q(name) + " {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n";
  std::map<std::string, std::vector<const Node*>> by_bus;
  for (const auto& n : f.nodes) {
    std::string line = "  " + n.id + " [label=" + q(n.label) + ", shape=" + kShape.at(n.kind) + "];\n";
    if (n.kind == NodeKind::Event && !n.group.empty()) {
      by_bus[n.group].push_back(&n);
    } else {
      out += line;
    }
  }
  for (const auto& [bus, nodes] : by_bus) {
    out += "  subgraph cluster_bus_" + bus + " {\n    label=" + q("bus " + bus) + ";\n";
    for (const Node* n : nodes) {
      out += "    " + n->id + " [label=" + q(n->label) + ", shape=" + kShape.at(n->kind) + "];\n";
    }
    out += "  }\n";
  }
  for (const auto& e : f.edges) {
    std::string attrs;
    if (!e.label.empty()) attrs += "label=" + q(e.label);
    if (e.dashed) attrs += std::string(attrs.empty() ? "" : ", ") + "style=dashed";
    out += "  " + e.from + " -> " + e.to + (attrs.empty() ? "" : " [" + attrs + "]") + ";\n";
  }
  return out + "}\n";
}

}  // namespace slipway::emit::graph
