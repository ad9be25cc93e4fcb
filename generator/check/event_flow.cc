// The flow of events: loops that would run forever, handlers that write into the bucket that triggers
// them, events nobody consumes and rules nothing feeds.
#include <algorithm>
#include <map>
#include <set>

#include "check/passes.h"
#include "check/util.h"

namespace slipway::check {

namespace {

// Nodes: events, handlers, workflows, queues, topics, numbered into one index space.
struct Graph {
  std::vector<std::string> label;  // "event 'X'", "handler 'h'", ...
  std::vector<std::vector<std::size_t>> out;
  std::map<std::string, std::size_t> event, handler, workflow, queue, topic;

  std::size_t add(std::map<std::string, std::size_t>& m, const std::string& kind, const std::string& name) {
    m[name] = label.size();
    label.push_back(kind + " " + q(name));
    out.emplace_back();
    return label.size() - 1;
  }
  void edge(const std::map<std::string, std::size_t>& from_m, const std::string& from,
            const std::map<std::string, std::size_t>& to_m, const std::string& to) {
    auto a = from_m.find(from), b = to_m.find(to);
    if (a != from_m.end() && b != to_m.end()) out[a->second].push_back(b->second);
  }
};

void walk_steps(const std::vector<model::Step>& steps, const std::string& wf, Graph& g, std::set<std::string>* emitted);

void walk_step(const model::Step& s, const std::string& wf, Graph& g, std::set<std::string>* emitted) {
  switch (s.kind) {
    case model::StepKind::Invoke: g.edge(g.workflow, wf, g.handler, s.target); break;
    case model::StepKind::Emit:
      g.edge(g.workflow, wf, g.event, s.target);
      if (emitted) emitted->insert(s.target);
      break;
    case model::StepKind::Start: g.edge(g.workflow, wf, g.workflow, s.target); break;
    case model::StepKind::Send: g.edge(g.workflow, wf, g.queue, s.target); break;
    case model::StepKind::Publish: g.edge(g.workflow, wf, g.topic, s.target); break;
    default: break;
  }
  for (const auto& b : s.branches) walk_steps(b, wf, g, emitted);
  walk_steps(s.iterator, wf, g, emitted);
  for (const auto& c : s.choices) walk_steps(c.steps, wf, g, emitted);
  if (s.otherwise) walk_steps(*s.otherwise, wf, g, emitted);
  for (const auto& c : s.catches) walk_steps(c.steps, wf, g, emitted);
}

void walk_steps(const std::vector<model::Step>& steps, const std::string& wf, Graph& g, std::set<std::string>* emitted) {
  for (const auto& s : steps) walk_step(s, wf, g, emitted);
}

// Strongly connected components (Tarjan), iterative so long chains cannot overflow the stack.
std::vector<std::size_t> components(const Graph& g) {
  const std::size_t n = g.label.size();
  const std::size_t unset = SIZE_MAX;
  std::vector<std::size_t> index(n, unset), low(n, 0), comp(n, unset);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::size_t next = 0, ncomp = 0;
  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] != unset) continue;
    std::vector<std::pair<std::size_t, std::size_t>> work = {{root, 0}};
    while (!work.empty()) {
      auto& [v, i] = work.back();
      if (i == 0 && index[v] == unset) {
        index[v] = low[v] = next++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (i < g.out[v].size()) {
        std::size_t w = g.out[v][i++];
        if (index[w] == unset) {
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp[w] = ncomp;
        } while (w != v);
        ++ncomp;
      }
      std::size_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  return comp;
}

// A shortest path from `from` to `to`, as labels.
std::vector<std::string> path(const Graph& g, std::size_t from, std::size_t to) {
  std::vector<std::size_t> prev(g.label.size(), SIZE_MAX);
  std::vector<std::size_t> queue = {from};
  prev[from] = from;
  for (std::size_t k = 0; k < queue.size(); ++k) {
    std::size_t v = queue[k];
    if (v == to) break;
    for (std::size_t w : g.out[v]) {
      if (prev[w] == SIZE_MAX) {
        prev[w] = v;
        queue.push_back(w);
      }
    }
  }
  std::vector<std::string> out;
  if (prev[to] == SIZE_MAX) return out;
  for (std::size_t v = to; v != from; v = prev[v]) out.push_back(g.label[v]);
  out.push_back(g.label[from]);
  std::reverse(out.begin(), out.end());
  return out;
}

bool prefixes_overlap(const std::string& a, const std::string& b) {
  return a.rfind(b, 0) == 0 || b.rfind(a, 0) == 0;
}

}  // namespace

void check_event_flow(const model::System& s, base::Diagnostics& d) {
  Graph g;
  for (const auto& e : s.events) g.add(g.event, "event", e.name);
  for (const auto& h : s.handlers) g.add(g.handler, "handler", h.name);
  for (const auto& w : s.workflows) g.add(g.workflow, "workflow", w.name);
  for (const auto& qu : s.queues) g.add(g.queue, "queue", qu.name);
  for (const auto& t : s.topics) g.add(g.topic, "topic", t.name);

  std::set<std::string> emitted;
  for (const auto& h : s.handlers) {
    for (const auto& e : h.emits) {
      g.edge(g.handler, h.name, g.event, e);
      emitted.insert(e);
    }
    for (const auto& w : h.starts) g.edge(g.handler, h.name, g.workflow, w);
    for (const auto& u : h.uses) {
      if (u.kind == model::ResourceKind::Queue && u.access == model::Access::Send) g.edge(g.handler, h.name, g.queue, u.name);
      if (u.kind == model::ResourceKind::Topic) g.edge(g.handler, h.name, g.topic, u.name);
    }
    if (h.queue) g.edge(g.queue, h.queue->queue, g.handler, h.name);
  }
  for (const auto& w : s.workflows) {
    walk_steps(w.steps, w.name, g, &emitted);
    for (const auto& c : w.catches) walk_steps(c.steps, w.name, g, &emitted);
  }
  for (const auto& t : s.topics) {
    for (const auto& sub : t.subscriptions) {
      if (sub.protocol == "sqs") g.edge(g.topic, t.name, g.queue, sub.target);
      if (sub.protocol == "lambda") g.edge(g.topic, t.name, g.handler, sub.target);
    }
  }
  for (const auto& sc : s.schedules) {
    if (sc.target.kind == model::TargetKind::Event) emitted.insert(sc.target.name);
  }
  auto target_node = [&](const model::Target& t) -> std::optional<std::size_t> {
    const std::map<std::string, std::size_t>* m = t.kind == model::TargetKind::Handler ? &g.handler
                                                  : t.kind == model::TargetKind::Workflow ? &g.workflow
                                                  : t.kind == model::TargetKind::Queue ? &g.queue
                                                  : t.kind == model::TargetKind::Topic ? &g.topic
                                                                                       : nullptr;
    if (!m) return std::nullopt;
    auto it = m->find(t.name);
    return it == m->end() ? std::nullopt : std::optional(it->second);
  };
  for (const auto& r : s.rules) {
    auto ev = g.event.find(r.event);
    if (ev == g.event.end()) continue;
    for (const auto& t : r.targets) {
      if (auto n = target_node(t)) g.out[ev->second].push_back(*n);
    }
  }
  std::vector<std::size_t> comp = components(g);
  for (const auto& r : s.rules) {
    if (r.event.empty() || r.allow_cycle) continue;
    auto ev = g.event.find(r.event);
    if (ev == g.event.end()) continue;
    for (const auto& t : r.targets) {
      auto n = target_node(t);
      if (!n || comp[*n] != comp[ev->second]) continue;
      std::vector<std::string> loop = path(g, *n, ev->second);
      std::string chain = g.label[ev->second] + " -> rule " + q(r.name);
      for (const auto& step : loop) chain += " -> " + step;
      auto& diag = d.error("event-cycle", r.span,
                           "rule " + q(r.name) + " sends " + q(r.event) + " to " + g.label[*n] +
                               ", which leads back to " + q(r.event) + ": the events would loop forever");
      diag.notes.push_back({{}, "the loop: " + chain});
      diag.fix = "break the loop, or add 'allow_cycle: true' to the rule if something else stops it";
    }
  }
  for (const auto& h : s.handlers) {
    if (!h.s3 || h.s3->allow_self_trigger) continue;
    for (const auto& u : h.uses) {
      if (u.kind != model::ResourceKind::Bucket || u.name != h.s3->bucket) continue;
      if (u.access != model::Access::Write && u.access != model::Access::ReadWrite) continue;
      if (!u.prefix.empty() && !prefixes_overlap(u.prefix, h.s3->prefix)) continue;
      auto& diag = d.error("s3-self-trigger", u.span,
                           "handler " + q(h.name) + " writes into bucket " + q(u.name) +
                               (h.s3->prefix.empty() ? "" : " under '" + h.s3->prefix + "'") +
                               ", which triggers it: each object it writes would invoke it again");
      diag.notes.push_back({h.s3->span, "the trigger is declared here"});
      diag.fix = "limit the write with '{ access: readwrite, prefix: other/ }', or add 'allow_self_trigger: true' to the s3 trigger";
    }
  }
  std::set<std::string> consumed;
  for (const auto& r : s.rules) {
    if (!r.event.empty()) consumed.insert(r.event);
  }
  for (const auto& w : s.workflows) {
    if (!w.input_event.empty()) consumed.insert(w.input_event);
  }
  for (const auto& e : s.events) {
    if (emitted.count(e.name) && !consumed.count(e.name)) {
      d.warning("unconsumed-event", e.span, "event " + q(e.name) + " is emitted, but no rule consumes it")
          .fix = "add a rule with 'on: " + e.name + "', or stop emitting it";
    }
  }
  bool s3_to_eventbridge = std::any_of(s.buckets.begin(), s.buckets.end(), [](const model::Bucket& b) { return b.eventbridge; });
  for (const auto& r : s.rules) {
    if (r.event.empty()) continue;
    const model::Event* e = s.event(r.event);
    if (!e || emitted.count(e->name) || e->external) continue;
    if (e->is_aws() && (e->source != "aws.s3" || s3_to_eventbridge)) continue;
    auto& diag = d.warning("unfed-rule", r.span, "rule " + q(r.name) + " waits for " + q(e->name) + ", but nothing in this spec emits it");
    diag.fix = e->source == "aws.s3" ? "set 'eventbridge: true' on the bucket that sends it"
                                     : "add it to a handler's 'emits', or mark the event 'external: true' if another system sends it";
  }
}

}  // namespace slipway::check
