// Shared declarations of the lowering stage's files.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lower/reader.h"

namespace slipway::lower {

// A name as the diagnostics quote it: 'name'.
inline std::string q(const std::string& s) { return "'" + s + "'"; }

// types.cc: event detail schemas.
model::TypePtr lower_object_type(const Node& n, const std::string& what, base::Diagnostics& d);

// pattern.cc: `match:` / `filter:` -> EventBridge pattern JSON. `schema` may be null (untyped).
model::Json lower_pattern(const Node& n, const model::Type* schema, const std::string& prefix,
                          base::Diagnostics& d);
// Input shapes of rule and schedule targets.
model::InputShape lower_input_shape(const Node& n, const model::Type* detail, const std::string& what,
                                    base::Diagnostics& d);
// Checks that `$.detail.x.y` exists in an event with this detail schema (paths outside detail are
// checked against the EventBridge envelope).
void check_event_path(const std::string& path, const model::Type* detail, const base::Span& span,
                      base::Diagnostics& d);

// steps.cc: workflows.
struct StepContext {
  base::Diagnostics& diags;
};
std::vector<model::Step> lower_steps(const Node& n, const std::string& what, base::Diagnostics& d);
std::vector<model::StepRetry> lower_retries(const Node& n, const std::string& what, base::Diagnostics& d);
std::vector<model::StepCatch> lower_catches(const Node& n, const std::string& what, base::Diagnostics& d);

// refs.cc: `${flags.x}`-style references inside strings.
model::Text lower_text(const Node& n, const std::string& what, base::Diagnostics& d);
std::optional<model::Toggle> lower_toggle(const Node& n, const std::string& what, base::Diagnostics& d);

// Settings that environments may override.
struct HandlerSettings {
  std::optional<std::string> runtime, architecture;
  std::optional<long long> memory, timeout, log_retention_days, reserved_concurrency;
  std::optional<bool> tracing;
};
HandlerSettings read_handler_settings(MapReader& r);
void apply(model::Handler& h, const HandlerSettings& s);

struct WorkflowSettings {
  std::optional<std::string> type, log_level;
  std::optional<long long> log_retention_days;
  std::optional<bool> tracing;
};
WorkflowSettings read_workflow_settings(MapReader& r);
void apply(model::Workflow& w, const WorkflowSettings& s);

// sections.cc: one function per section; each adds to `sys` and reports problems.
void lower_buses(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_events(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_tables(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_buckets(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_queues(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_topics(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_secrets(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_parameters(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_api(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_alarms(const Node& n, model::System& sys, base::Diagnostics& d);

// targets.cc: rule and schedule targets, retry policies, schedule expressions.
std::optional<model::Target> lower_target(const Node& n, const model::System& sys, const model::Type* detail,
                                          bool for_schedule, const std::string& what, base::Diagnostics& d);
std::optional<model::RetryPolicy> lower_retry_policy(const Node& n, const std::string& what, base::Diagnostics& d);
// Checks rate(...), cron(...) (AWS's six fields) and at(...); returns false after reporting.
bool check_schedule_expression(const Node& n, bool allow_at, const std::string& what, base::Diagnostics& d);
void lower_schedules(const Node& n, model::System& sys, base::Diagnostics& d);
void lower_rules(const Node& n, model::System& sys, base::Diagnostics& d);

// handlers.cc: handlers, with their settings layered per environment afterwards.
struct HandlerLayers {
  std::map<std::string, HandlerSettings> own;  // handler -> its own settings
};
void lower_handlers(const Node& n, model::System& sys, HandlerLayers& layers, base::Diagnostics& d);
void lower_workflows(const Node& n, model::System& sys, std::map<std::string, WorkflowSettings>& own,
                     base::Diagnostics& d);

// Sorts a named collection by name, keeping the order of equal names (duplicates, possible after
// includes, are reported later). A handler or a rule is a large struct, and at N=100,000 its vector is
// about 100 MB: the order is worked out on small keys (a name's first eight bytes, and its position), so
// that a comparison seldom reads the struct, and the elements are then moved along the cycles of that
// order, each once, inside the vector they are in. Sorting the elements themselves moved each about
// log N times (a twentieth of `validate` at N=10,000); moving them into a new vector took as much fresh
// memory again while lowering, which on this project's machines costs most when it is largest.
template <typename T>
void sort_named(std::vector<T>& v) {
  auto by_name = [](const T& a, const T& b) { return a.name < b.name; };
  if (std::is_sorted(v.begin(), v.end(), by_name)) return;
  struct Key {
    std::uint64_t prefix;  // the name's first 8 bytes, big-endian, zero-padded: orders as the bytes do
    std::size_t at;
  };
  auto prefix = [](const std::string& name) {
    std::uint64_t p = 0;
    for (std::size_t i = 0; i < 8; ++i) p = (p << 8) | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
    return p;
  };
  std::vector<Key> keys(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) keys[i] = {prefix(v[i].name), i};
  std::stable_sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return v[a.at].name < v[b.at].name;  // equal up to 8 bytes (a shorter name is padded with zeros)
  });
  // Position i takes the element at keys[i].at; a position done is marked by pointing at itself.
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].at == i) continue;
    T held = std::move(v[i]);
    std::size_t to = i;
    for (;;) {
      const std::size_t from = keys[to].at;
      keys[to].at = to;
      if (from == i) {
        v[to] = std::move(held);
        break;
      }
      v[to] = std::move(v[from]);
      to = from;
    }
  }
}

// Iterates a section mapping: calls f(key, value node) for each entry with a valid name.
template <typename F>
void for_each_named(const Node& section, const std::string& what, base::Diagnostics& d, F&& f) {
  if (section.is_null()) return;
  if (!section.is_mapping()) {
    wrong_type(section, "'" + what + "s'", "a mapping of names to " + what + "s", d);
    return;
  }
  for (const auto& e : section.entries) {
    check_identifier(e.key, what, d);
    f(e.key, *e.value);
  }
}

}  // namespace slipway::lower
