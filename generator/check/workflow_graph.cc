// The flattened state graph of a workflow: goto scopes, state names, unreachable steps, endless loops.
#include <algorithm>
#include <map>
#include <optional>

#include "check/workflow_internal.h"

namespace slipway::check {

namespace {

using model::Step;
using model::StepKind;
using Cont = std::optional<std::string>;
using base::Span;

struct Node {
  std::string name;
  const Step* step = nullptr;  // nullptr: a Succeed state that ends a choice with nowhere to go
  Span span;
  int scope = 0;
  std::vector<std::string> edges;
  bool terminal = false;
};

class Graph {
 public:
  Graph(const model::Workflow& w, base::Diagnostics& diags) : w_(w), diags_(diags) {
    visit_workflow_steps(w, [&](const Step& s) { by_name_.emplace(s.name, &s); all_names_.push_back(s.name); });
  }

  void run() {
    std::vector<const std::vector<Step>*> lists = {&w_.steps};
    for (const auto& c : w_.catches) {
      if (!c.goto_step.empty()) check_goto(c.goto_step, c.span, lists, "catch");
      if (!c.steps.empty()) handler_entries_.push_back(entry(c.steps.front()));
    }
    starts_[0] = flatten(w_.steps, std::nullopt, 0, false, lists);
    for (const auto& c : w_.catches) flatten(c.steps, std::nullopt, 0, true, lists);
    report_names();
    report_reachability();
  }

 private:
  // The state control reaches at `s`: a goto has no state; an endless chain of gotos has none at all.
  std::optional<std::string> entry(const Step& s) const {
    const Step* cur = &s;
    std::set<const Step*> seen;
    while (cur->kind == StepKind::Goto) {
      if (!seen.insert(cur).second) return std::nullopt;
      auto it = by_name_.find(cur->target);
      if (it == by_name_.end()) return std::nullopt;
      cur = it->second;
    }
    return cur->name;
  }
  std::optional<std::string> target(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? std::nullopt : entry(*it->second);
  }

  // Returns the scope's first state.
  std::optional<std::string> flatten(const std::vector<Step>& steps, const Cont& cont, int scope, bool handler,
                                     std::vector<const std::vector<Step>*> lists) {
    if (lists.empty() || lists.back() != &steps) lists.push_back(&steps);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Cont next = i + 1 < steps.size() ? entry(steps[i + 1]) : cont;
      add_step(steps[i], next, scope, handler, lists);
    }
    return steps.empty() ? cont : entry(steps.front());
  }

  void check_goto(const std::string& to, Span span, const std::vector<const std::vector<Step>*>& lists,
                  const std::string& from) {
    if (!by_name_.count(to)) {
      diags_.error("unknown-step", span, from + " goes to step '" + to + "', which the workflow does not have")
          .fix = base::did_you_mean(to, all_names_);
      return;
    }
    for (const auto* l : lists) {
      for (const auto& s : *l) {
        if (s.name == to) return;
      }
    }
    diags_.error("goto-out-of-scope", span,
                 from + " goes to step '" + to + "', which is not in the same list or an enclosing one")
        .fix = "a goto may jump back or ahead in its own list or a list around it, but not into another branch, "
               "or out of a parallel or map step";
  }

  void add_step(const Step& s, const Cont& next, int scope, bool handler,
                const std::vector<const std::vector<Step>*>& lists) {
    if (s.kind == StepKind::Goto) {
      check_goto(s.target, s.span, lists, "step '" + s.name + "'");
      if (by_name_.count(s.target) && !entry(s)) {
        diags_.error("endless-loop", s.span, "step '" + s.name + "' goes to a goto that leads back to it")
            .fix = "go to a step that does something";
      }
      return;
    }
    Node n{s.name, &s, s.span, scope, {}, false};
    auto edge = [&](const std::optional<std::string>& to) {
      if (to) n.edges.push_back(*to);
    };
    bool may_fail = false;
    switch (s.kind) {
      case StepKind::Succeed:
      case StepKind::Fail: n.terminal = true; break;
      case StepKind::Choice: {
        bool needs_done = false;
        auto follow = [&](const std::vector<Step>& steps) {
          if (!steps.empty()) return entry(steps.front());
          if (!next) needs_done = true;
          return next ? next : Cont(s.name + "_done");
        };
        for (const auto& b : s.choices) edge(follow(b.steps));
        edge(follow(s.otherwise ? *s.otherwise : std::vector<Step>{}));
        nodes_.push_back(n);
        for (const auto& b : s.choices) flatten(b.steps, next, scope, handler, lists);
        if (s.otherwise) flatten(*s.otherwise, next, scope, handler, lists);
        if (needs_done) nodes_.push_back(Node{s.name + "_done", nullptr, s.span, scope, {}, true});
        return;
      }
      case StepKind::Raw: {
        raw_edges(s, next, n);
        const std::string type = s.raw.contains("Type") && s.raw["Type"].is_string() ? s.raw["Type"].get<std::string>() : "";
        may_fail = !s.raw.contains("Catch") && (type == "Task" || type == "Parallel" || type == "Map");
        break;
      }
      case StepKind::Parallel:
      case StepKind::Map: {
        auto branch = [&](const std::vector<Step>& b) {
          const int inner = next_scope_++;
          starts_.resize(next_scope_);
          starts_[inner] = flatten(b, std::nullopt, inner, false, {&b});
        };
        if (s.kind == StepKind::Map) branch(s.iterator);
        for (const auto& b : s.branches) branch(b);
        [[fallthrough]];
      }
      default:
        if (s.kind != StepKind::Raw) {
          if (next) edge(next);
          else n.terminal = true;
          may_fail = s.kind != StepKind::Wait && s.kind != StepKind::Pass;
        }
    }
    bool catches_all = false;
    for (const auto& c : s.catches) {
      catches_all = catches_all || c.errors.empty() ||
                    std::find(c.errors.begin(), c.errors.end(), "States.ALL") != c.errors.end();
      if (!c.goto_step.empty()) {
        check_goto(c.goto_step, c.span, lists, "the catch of step '" + s.name + "'");
        edge(target(c.goto_step));
      } else if (!c.steps.empty()) {
        edge(entry(c.steps.front()));
      }
    }
    if (may_fail && scope == 0 && !handler && !catches_all) {
      for (const auto& c : w_.catches) edge(c.goto_step.empty() ? Cont() : target(c.goto_step));
      for (const auto& h : handler_entries_) edge(h);
    }
    nodes_.push_back(n);
    for (const auto& c : s.catches) flatten(c.steps, next, scope, handler, lists);
  }

  void raw_edges(const Step& s, const Cont& next, Node& n) const {
    const auto& r = s.raw;
    const std::string type = r.contains("Type") && r["Type"].is_string() ? r["Type"].get<std::string>() : "";
    auto str = [](const model::Json& j) { return j.is_string() ? j.get<std::string>() : std::string(); };
    if (type == "Succeed" || type == "Fail" || (r.contains("End") && r["End"] == true)) n.terminal = true;
    if (r.contains("Next")) n.edges.push_back(str(r["Next"]));
    if (r.contains("Default")) n.edges.push_back(str(r["Default"]));
    if (r.contains("Choices") && r["Choices"].is_array()) {
      for (const auto& c : r["Choices"]) {
        if (c.is_object() && c.contains("Next")) n.edges.push_back(str(c["Next"]));
      }
    }
    if (r.contains("Catch") && r["Catch"].is_array()) {
      for (const auto& c : r["Catch"]) {
        if (c.is_object() && c.contains("Next")) n.edges.push_back(str(c["Next"]));
      }
    }
    const bool open = !n.terminal && !r.contains("Next") && type != "Choice";
    if (open && next) n.edges.push_back(*next);
    if (open && !next) n.terminal = true;
  }

  void report_names() {
    std::map<std::string, const Node*> seen;
    for (const auto& n : nodes_) {
      if (n.name.size() > 80) {
        diags_.error("state-name-too-long", n.span,
                     "state name '" + n.name + "' is " + std::to_string(n.name.size()) +
                         " characters long; Step Functions allows 80")
            .fix = "use a shorter step name";
      }
      auto [it, fresh] = seen.emplace(n.name, &n);
      if (!fresh) {
        auto& d = diags_.error("duplicate-state", n.span,
                               "two states of workflow '" + w_.name + "' are named '" + n.name + "'");
        d.notes.push_back({it->second->span, "the other one is here"});
        d.fix = n.step ? "rename one of the steps" : "rename step '" + n.name + "'; a choice without else uses it";
      }
    }
  }

  void report_reachability() {
    std::map<std::pair<int, std::string>, const Node*> by_state;
    for (const auto& n : nodes_) by_state.emplace(std::make_pair(n.scope, n.name), &n);
    std::set<const Node*> reached;
    for (int scope = 0; scope < static_cast<int>(starts_.size()); ++scope) {
      if (!starts_[scope]) continue;
      std::vector<const Node*> todo;
      auto it = by_state.find({scope, *starts_[scope]});
      if (it != by_state.end()) todo.push_back(it->second);
      while (!todo.empty()) {
        const Node* n = todo.back();
        todo.pop_back();
        if (!reached.insert(n).second) continue;
        for (const auto& e : n->edges) {
          auto t = by_state.find({scope, e});
          if (t != by_state.end()) todo.push_back(t->second);
        }
      }
    }
    // Unreachable steps, quiet about the ones only they lead to.
    std::set<std::string> fed;
    for (const auto& n : nodes_) {
      if (!reached.count(&n)) fed.insert(n.edges.begin(), n.edges.end());
    }
    for (const auto& n : nodes_) {
      if (reached.count(&n) || !n.step || fed.count(n.name)) continue;
      diags_.error("unreachable-step", n.span, "step '" + n.name + "' can never run")
          .fix = "the step before it always ends or jumps elsewhere; remove the step or go to it";
    }
    // Loops with no way out: reachable states from which no end can be reached.
    std::set<const Node*> can_end;
    for (const auto& n : nodes_) {
      if (n.terminal) can_end.insert(&n);
    }
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& n : nodes_) {
        if (can_end.count(&n)) continue;
        for (const auto& e : n.edges) {
          auto t = by_state.find({n.scope, e});
          if (t != by_state.end() && can_end.count(t->second)) {
            can_end.insert(&n);
            grew = true;
            break;
          }
        }
      }
    }
    std::map<int, std::vector<const Node*>> stuck;
    for (const auto& n : nodes_) {
      if (reached.count(&n) && !can_end.count(&n)) stuck[n.scope].push_back(&n);
    }
    for (const auto& [_, list] : stuck) {
      std::string names;
      for (const auto* n : list) names += (names.empty() ? "'" : ", '") + n->name + "'";
      diags_.error("endless-loop", list.front()->span, "step" + std::string(list.size() > 1 ? "s " : " ") + names +
                                                           " loop forever: no way leads from them to the end")
          .fix = "add a choice that leaves the loop, or let a step succeed or fail";
    }
  }

  const model::Workflow& w_;
  base::Diagnostics& diags_;
  std::map<std::string, const Step*> by_name_;
  std::vector<std::string> all_names_;
  std::vector<std::optional<std::string>> handler_entries_;
  std::vector<Node> nodes_;
  std::vector<std::optional<std::string>> starts_ = {std::nullopt};
  int next_scope_ = 1;
};

}  // namespace

void check_workflow_graph(const model::System&, const model::Workflow& workflow, base::Diagnostics& diags) {
  Graph(workflow, diags).run();
}

}  // namespace slipway::check
