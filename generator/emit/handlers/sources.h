// Who invokes a handler and with what payload: the system-wide facts a handler project is typed from.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "model/model.h"

namespace slipway::emit::handlers {

// A payload delivered as the whole invocation (not wrapped by an event source): a Step Functions task, a
// Scheduler schedule, a rule target with an input transformer, a direct invoke.
struct DirectSource {
  enum class Kind { Detail, Shape, Untyped };
  Kind kind = Kind::Untyped;
  const model::Event* event = nullptr;  // Detail: the event whose detail arrives
  model::Json shape;                    // Shape: keys -> "$.path" or constants
  const model::Type* base = nullptr;    // Shape: the type its paths start from (a detail), or null
  bool paths_from_envelope = false;     // Shape: paths start at the EventBridge envelope
  std::string name;                     // Shape: a C++ type name for it
  std::string what;                     // "rule card_created_auto_revalue", for comments
};

struct HandlerSources {
  std::vector<const model::Event*> events;  // EventBridge rules deliver the envelope of these, sorted by name
  std::vector<std::string> event_rules;     // the rules, for comments
  bool scheduled_event = false;             // a rule's schedule: delivers a "Scheduled Event"
  std::vector<DirectSource> direct;
  std::vector<std::string> topics;          // SNS subscriptions
};

// What arrives in a queue's messages: the envelope of one event (when every producer sends that), else
// nullptr; `raw` is set when some producer sends arbitrary text (a handler with `send` access).
struct QueueBody {
  const model::Event* event = nullptr;
  bool raw = true;
};

// Every handler's sources and every queue's body, computed in one pass over the system.
struct SourceIndex {
  std::map<std::string, HandlerSources, std::less<>> handlers;  // every handler, by name
  std::map<std::string, QueueBody, std::less<>> queues;         // every queue, by name

  const HandlerSources& handler(const std::string& name) const;  // an empty one for an unknown name
  QueueBody queue(const std::string& name) const;                // raw for an unknown name
};
SourceIndex index_sources(const model::System& system);

// The type at `path` ("$.detail.estimate.low") in an EventBridge envelope of `event`, or in `base` when
// from_envelope is false; nullptr when unknown. `kind` receives envelope fields' scalar kind.
const model::Type* resolve_path(const model::Type* base, bool from_envelope, const std::string& path,
                                model::TypeKind& envelope_kind, bool& is_envelope_scalar);

}  // namespace slipway::emit::handlers
