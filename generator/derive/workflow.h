// Workflow facts that the ASL, IAM and Terraform backends must agree on.
#pragma once
#include <map>
#include <set>
#include <string>

#include "model/model.h"

namespace slipway::derive {

// Everything a workflow's steps (including catch steps, branches and map iterators) touch.
struct WorkflowTouches {
  std::set<std::string> handlers;               // invoked
  std::set<std::string> events;                 // emitted (PutEvents on the event's bus)
  std::set<std::string> topics;                 // published to
  std::set<std::string> queues;                 // sent to
  std::map<std::string, std::set<std::string>> tables;  // table -> {"get", "put", "update", "delete"}
  std::set<std::string> workflows_async;        // started without waiting
  std::set<std::string> workflows_sync;         // started and awaited (.sync:2)
};

WorkflowTouches workflow_touches(const model::Workflow& workflow);

// Placeholder (as used in statemachines/<name>.asl.json) -> Terraform expression that fills it, for the
// templatefile() call of the workflow's aws_sfn_state_machine.
std::map<std::string, std::string> workflow_template_vars(const model::System& system,
                                                          const model::Workflow& workflow);

}  // namespace slipway::derive
