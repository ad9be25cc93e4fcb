#include "lower/lower.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

#include "base/in_turn.h"
#include "lower/internal.h"

namespace slipway::lower {

namespace {

struct EnvironmentSpec {
  std::string name;
  base::Span span;
  std::optional<std::string> region;
  std::map<std::string, std::string> tags;
  HandlerSettings handler;
  WorkflowSettings workflow;
  std::map<std::string, std::pair<model::Json, base::Span>> flags;
  std::map<std::string, std::pair<HandlerSettings, base::Span>> handlers;
};

model::Json flag_value(const Node& n, const std::string& what, base::Diagnostics& d) {
  if (!n.is_scalar()) {
    wrong_type(n, what, "true, false, a number or a string", d);
    return nullptr;
  }
  return scalar_json(n);
}

void lower_flags(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "flag", d, [&](const spec::Key& key, const Node& value) {
    model::Flag f;
    f.name = key.value;
    f.span = key.span;
    if (value.is_scalar()) {
      f.value = flag_value(value, "flag " + q(f.name), d);
    } else {
      MapReader r(value, "flag " + q(f.name), d);
      if (const Node* v = r.get("default")) f.value = flag_value(*v, r.field("default"), d);
      else if (r.ok()) d.error("missing-key", key.span, "flag " + q(f.name) + " has no 'default'").fix = "add 'default: false'";
      if (auto v = r.str("description")) f.description = *v;
      r.finish();
    }
    if (f.value.is_null()) f.value = false;
    sys.flags.push_back(std::move(f));
  });
}

std::map<std::string, std::string> lower_tags(const Node& n, const std::string& what, base::Diagnostics& d) {
  std::map<std::string, std::string> out;
  if (!n.is_mapping()) {
    wrong_type(n, what, "a mapping of tag names to values", d);
    return out;
  }
  for (const auto& e : n.entries) {
    if (!e.value->is_scalar()) {
      wrong_type(*e.value, what + " " + q(e.key.value), "a string", d);
      continue;
    }
    if (e.key.value.size() > 128 || e.value->value.size() > 256 || e.key.value.rfind("aws:", 0) == 0) {
      d.error("bad-value", e.key.span, what + ": tag keys are at most 128 characters, values at most 256, and may not start with 'aws:'");
      continue;
    }
    out[e.key.value] = e.value->value;
  }
  return out;
}

EnvironmentSpec lower_environment(const spec::Key& key, const Node& value, base::Diagnostics& d) {
  EnvironmentSpec env;
  env.name = key.value;
  env.span = key.span;
  std::string what = "environment " + q(env.name);
  MapReader r(value, what, d);
  env.region = r.str("region");
  if (const Node* t = r.get("tags")) env.tags = lower_tags(*t, what + ": 'tags'", d);
  if (const Node* h = r.get("handler")) {
    MapReader hr(*h, what + ": 'handler'", d);
    env.handler = read_handler_settings(hr);
    hr.finish();
  }
  if (const Node* w = r.get("workflow")) {
    MapReader wr(*w, what + ": 'workflow'", d);
    env.workflow = read_workflow_settings(wr);
    wr.finish();
  }
  if (const Node* f = r.get("flags")) {
    if (!f->is_mapping()) {
      wrong_type(*f, what + ": 'flags'", "a mapping of flag names to values", d);
    } else {
      for (const auto& e : f->entries) env.flags[e.key.value] = {flag_value(*e.value, what + " flag " + q(e.key.value), d), e.key.span};
    }
  }
  if (const Node* hs = r.get("handlers")) {
    if (!hs->is_mapping()) {
      wrong_type(*hs, what + ": 'handlers'", "a mapping of handler names to settings", d);
    } else {
      for (const auto& e : hs->entries) {
        MapReader hr(*e.value, what + " handler " + q(e.key.value), d);
        env.handlers[e.key.value] = {read_handler_settings(hr), e.key.span};
        hr.finish();
      }
    }
  }
  r.finish();
  return env;
}

bool valid_system_name(const std::string& s) {
  if (s.empty() || s.size() > 32 || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '-'; }) &&
         s.back() != '-';
}

std::string json_kind(const model::Json& j) {
  return j.is_boolean() ? "boolean" : j.is_number() ? "number" : "string";
}

template <typename T>
void sort_all(std::vector<T>& v) {
  sort_named(v);
}

// Empties a section of the spec's tree once it is lowered, when lowering may consume the tree; does nothing
// when it only reads it. Only the section's value goes, replaced by an empty node (its key stays, for
// MapReader::finish); a node that an alias shares lives on while anything else holds it. Each section is
// emptied by the task that read it, and each task writes only its own entry of the root.
class Consumer {
 public:
  explicit Consumer(Node* root) : root_(root) {
    if (root_) empty_ = std::make_shared<Node>();
  }
  void done(const Node* section) const {
    if (!root_ || !section) return;
    for (auto& e : root_->entries) {
      if (e.value.get() == section) e.value = empty_;
    }
  }

 private:
  Node* root_;
  spec::NodePtr empty_;
};

model::Program lower_tree(const spec::Node& root, const Consumer& consume, base::Diagnostics& d,
                          std::size_t parallel_from) {
  model::Program program;
  MapReader r(root, "the spec", d);
  if (!r.ok()) return program;
  model::System sys;

  if (const Node* v = r.get("slipway")) {
    if (!(v->is_scalar() && v->value == "1")) {
      d.error("bad-version", v->span, "this slipway reads spec format 1, not " + describe(*v)).fix = "write 'slipway: 1'";
    }
  } else {
    d.error("missing-key", root.span, "the spec does not say its format version").fix = "add 'slipway: 1' at the top";
  }
  if (auto v = r.str("system")) {
    sys.name = *v;
    if (!valid_system_name(*v)) {
      d.error("invalid-name", r.get("system")->span,
              "system name '" + *v + "' must be 1 to 32 lowercase letters, digits and '-', starting with a letter; it prefixes every AWS name");
    }
  } else {
    d.error("missing-key", root.span, "the spec has no 'system' name").fix = "add 'system: myapp'";
    sys.name = "system";
  }
  if (auto v = r.str("description")) sys.description = *v;
  r.get("include");  // followed by the loader

  HandlerSettings default_handler;
  WorkflowSettings default_workflow;
  if (const Node* def = r.get("defaults")) {
    MapReader dr(*def, "'defaults'", d);
    if (auto v = dr.str("region")) sys.region = *v;
    if (const Node* t = dr.get("tags")) sys.tags = lower_tags(*t, "'defaults: tags'", d);
    if (const Node* h = dr.get("handler")) {
      MapReader hr(*h, "'defaults: handler'", d);
      default_handler = read_handler_settings(hr);
      hr.finish();
    }
    if (const Node* w = dr.get("workflow")) {
      MapReader wr(*w, "'defaults: workflow'", d);
      default_workflow = read_workflow_settings(wr);
      wr.finish();
    }
    dr.finish();
  }
  if (const Node* t = r.get("tags")) {
    for (auto& [k, v] : lower_tags(*t, "'tags'", d)) sys.tags[k] = v;
  }

  auto section = [&](const char* name, auto fn) {
    if (const Node* n = r.get(name)) {
      fn(*n, sys, d);
      consume.done(n);
    }
  };
  section("flags", lower_flags);
  section("buses", lower_buses);
  section("events", lower_events);
  section("tables", lower_tables);
  section("buckets", lower_buckets);
  section("queues", lower_queues);
  section("topics", lower_topics);
  section("secrets", lower_secrets);
  section("parameters", lower_parameters);
  sort_all(sys.flags);
  sort_all(sys.buses);
  sort_all(sys.events);
  sort_all(sys.tables);
  sort_all(sys.buckets);
  sort_all(sys.queues);
  sort_all(sys.topics);
  sort_all(sys.secrets);
  sort_all(sys.parameters);
  section("schedules", lower_schedules);
  sort_all(sys.schedules);
  // Handlers, workflows and rules are lowered as three tasks, on two threads when the largest section has
  // parallel_from entries and the other two as many together. Each thread takes the next task not yet
  // started: the handlers, then the rules, then the workflows (in the workload of tests/perf the rules
  // cost about what the handlers do, the workflows a third of either). Each task writes only its own part
  // of `sys` and reads what is already lowered (resources, events, schedules); each reports into its own
  // list, and the lists are joined in the order a serial run reports in: handlers, workflows, rules.
  HandlerLayers layers;
  std::map<std::string, WorkflowSettings> workflow_own;
  const Node* handlers = r.get("handlers");
  const Node* workflows = r.get("workflows");
  const Node* rules = r.get("rules");
  base::Diagnostics found_handlers, found_workflows, found_rules;
  const std::array<std::function<void()>, 3> tasks = {
      [&] {
        if (handlers) lower_handlers(*handlers, sys, layers, found_handlers);
        consume.done(handlers);
        sort_all(sys.handlers);
      },
      [&] {
        if (rules) lower_rules(*rules, sys, found_rules);
        consume.done(rules);
        sort_all(sys.rules);
      },
      [&] {
        if (workflows) lower_workflows(*workflows, sys, workflow_own, found_workflows);
        consume.done(workflows);
        sort_all(sys.workflows);
      },
  };
  auto size = [](const Node* n) { return n ? n->entries.size() : std::size_t{0}; };
  const std::size_t largest = std::max({size(handlers), size(workflows), size(rules)});
  const std::size_t rest = size(handlers) + size(workflows) + size(rules) - largest;
  const bool parallel = largest >= parallel_from && rest >= parallel_from;
  base::in_turn(tasks.size(), parallel ? 2 : 1, [&](std::size_t k) { tasks[k](); });  // rethrows what a task threw
  d.append(found_handlers);
  d.append(found_workflows);
  d.append(found_rules);
  if (const Node* n = r.get("api")) lower_api(*n, sys, d);
  if (!sys.api && std::any_of(sys.handlers.begin(), sys.handlers.end(), [](const model::Handler& h) { return h.http.has_value(); })) {
    sys.api = model::Api{};
  }
  if (const Node* n = r.get("alarms")) lower_alarms(*n, sys, d);

  std::vector<EnvironmentSpec> envs;
  if (const Node* n = r.get("environments")) {
    for_each_named(*n, "environment", d, [&](const spec::Key& key, const Node& value) {
      envs.push_back(lower_environment(key, value, d));
    });
  }
  r.finish();
  if (envs.empty()) {
    EnvironmentSpec dev;
    dev.name = "dev";
    envs.push_back(dev);
  }
  std::sort(envs.begin(), envs.end(), [](const EnvironmentSpec& a, const EnvironmentSpec& b) { return a.name < b.name; });
  for (const auto& e : envs) sys.environments.push_back(e.name);

  for (const auto& env : envs) {
    // Each environment starts from the shared system; the last one takes it instead of a copy.
    model::System s = &env == &envs.back() ? std::move(sys) : model::System(sys);
    s.environment = env.name;
    if (env.region) s.region = *env.region;
    for (const auto& [k, v] : env.tags) s.tags[k] = v;
    for (auto& h : s.handlers) {
      apply(h, default_handler);
      apply(h, env.handler);
      apply(h, layers.own[h.name]);
      auto it = env.handlers.find(h.name);
      if (it != env.handlers.end()) apply(h, it->second.first);
    }
    for (const auto& [name, setting] : env.handlers) {
      if (!s.handler(name)) {
        std::vector<std::string> names;
        for (const auto& h : s.handlers) names.push_back(h.name);
        d.error("unknown-handler", setting.second, "environment " + q(env.name) + " sets handler " + q(name) + ", which is not declared")
            .fix = base::did_you_mean(name, names);
      }
    }
    for (auto& w : s.workflows) {
      apply(w, default_workflow);
      apply(w, env.workflow);
      apply(w, workflow_own[w.name]);
    }
    for (const auto& [flag_name, value] : env.flags) {
      const std::string& name = flag_name;  // a named reference: lambdas may not capture structured bindings in C++20 on clang 14
      auto it = std::find_if(s.flags.begin(), s.flags.end(), [&](const model::Flag& f) { return f.name == name; });
      if (it == s.flags.end()) {
        std::vector<std::string> names;
        for (const auto& f : s.flags) names.push_back(f.name);
        d.error("unknown-flag", value.second, "environment " + q(env.name) + " sets flag " + q(name) + ", which is not declared under 'flags'")
            .fix = base::did_you_mean(name, names);
        continue;
      }
      if (!value.first.is_null() && json_kind(value.first) != json_kind(it->value)) {
        d.error("wrong-type", value.second,
                "environment " + q(env.name) + " sets flag " + q(name) + " to a " + json_kind(value.first) + ", but its default is a " + json_kind(it->value));
        continue;
      }
      if (!value.first.is_null()) it->value = value.first;
    }
    program.systems.push_back(std::move(s));
  }
  return program;
}

}  // namespace

model::Program lower(const spec::Node& root, base::Diagnostics& d, std::size_t parallel_from) {
  return lower_tree(root, Consumer(nullptr), d, parallel_from);
}

model::Program lower_consuming(spec::Node& root, base::Diagnostics& d, std::size_t parallel_from) {
  return lower_tree(root, Consumer(&root), d, parallel_from);
}

}  // namespace slipway::lower
