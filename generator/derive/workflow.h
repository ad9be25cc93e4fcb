// Workflow facts that the ASL, IAM and Terraform backends must agree on.
#pragma once
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

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
// templatefile() call of the workflow's aws_sfn_state_machine. Expressions are references such as
// `aws_lambda_function.x.arn`, or a quoted string (`"default"` for the default bus's name; a state
// machine's own ARN, or that of a workflow that starts it back, is built from its name with
// `data.aws_partition.current`, `data.aws_region.current` and `data.aws_caller_identity.current` so that
// Terraform sees no cycle).
std::map<std::string, std::string> workflow_template_vars(const model::System& system,
                                                          const model::Workflow& workflow);

// Visits every step of a workflow, depth first in spec order: steps, their branches, iterators, choice
// and else lists and catch steps, then the workflow-wide catch steps.
void for_each_step(const model::Workflow& workflow, const std::function<void(const model::Step&)>& visit);

// The text of a spec string as it must appear in a templatefile() template: references to deployed values
// (`${tables.cards.name}`, `${queues.jobs.url}`, `${flags.x}`) become placeholders (`${table_cards_name}`),
// any other `${` and `%{` are escaped so that Terraform leaves them alone. Placeholders used are added to
// `used` (placeholder -> the Ref) when given.
std::string template_text(std::string_view text, std::map<std::string, model::Ref>* used = nullptr);

// True for steps whose result is a value the workflow usually wants (invoke, parallel, map, DynamoDB get,
// a synchronous start): without `result:` it replaces the state. Other steps (emit, publish, send,
// DynamoDB writes, asynchronous start) keep their input unchanged unless `result:` says otherwise.
bool step_yields_value(const model::Step& step);

}  // namespace slipway::derive
