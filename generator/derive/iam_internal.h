// Shared helpers of the IAM derivation (iam.cc, iam_handler.cc, iam_services.cc). Not a public header.
#pragma once
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "derive/iam.h"

namespace slipway::derive::iam_detail {

// Builds resource strings and records every placeholder it hands out together with its Terraform
// expression, so `IamModel::vars` holds exactly the placeholders the policies use.
class Refs {
 public:
  explicit Refs(const model::System& system) : sys_(system) {}
  const model::System& system() const { return sys_; }
  // The placeholders recorded so far, handed over: nothing is recorded after this.
  std::map<std::string, std::string> take_vars() { return std::move(vars_); }

  // "${<kind>_<name>_<attr>}", recorded with `terraform` as its value.
  std::string ref(std::string_view kind, std::string_view name, std::string_view attr, std::string terraform);
  // The text ref() returns, not recorded: for a document measured before it is known to keep the placeholder.
  static std::string text(std::string_view kind, std::string_view name, std::string_view attr);

  std::string table(std::string_view name);         // ${table_x_arn}
  std::string table_stream(std::string_view name);  // ${table_x_stream_arn}
  std::string bucket(std::string_view name);        // ${bucket_x_arn}
  std::string queue(std::string_view name);         // ${queue_x_arn}
  std::string topic(std::string_view name);         // ${topic_x_arn}
  std::string secret(std::string_view name);        // ${secret_x_arn}
  std::string handler(std::string_view name);       // ${handler_x_arn}
  std::string workflow(std::string_view name);      // ${workflow_x_arn}
  std::string rule(std::string_view name);          // ${rule_x_arn}
  std::string role(std::string_view role_id);       // ${role_<id>_arn}
  // The event bus ARN: ${bus_x_arn} for a custom bus, built for the default bus; a target that names
  // an event-bus ARN (another account or region) is returned as written.
  std::string bus(std::string_view name);

  // The trust condition of every handler role (its own account only), made once and shared.
  const Condition& lambda_trust();
  // The PutEvents condition for events of `source` with `detail_types` (sorted), made once for each
  // distinct pair and shared by every statement that asks for the same.
  Condition put_events(const std::string& source, const std::vector<std::string>& detail_types);

 private:
  const model::System& sys_;
  std::map<std::string, std::string> vars_;
  Condition lambda_trust_;
  std::map<std::string, Condition, std::less<>> put_events_;  // by source and detail-types, length-prefixed
};

// "arn:${partition}:<service>:${region}:${account_id}:<resource>".
std::string arn(std::string_view service, std::string_view resource);
// The state machine ARN and its executions, built from the known name (no Terraform reference, so a
// trust policy or a self-start cannot create a cycle).
std::string state_machine_arn(const model::System& s, std::string_view workflow);
std::string execution_arn_pattern(const model::System& s, std::string_view workflow);
std::string parameter_arn(const model::Parameter& p);
std::string schedule_group_arn(const model::System& s, std::string_view group_aws_name);

// A statement with sorted, de-duplicated actions and resources.
Statement make(std::string sid, std::vector<std::string> actions, std::vector<std::string> resources,
               std::string why, model::Span span, Condition condition = nullptr);

// "Read" + "Table" + "cards_x" -> "ReadTableCardsX" (alphanumeric only).
std::string sid(std::initializer_list<std::string_view> words);

// events:PutEvents on each bus the events live on, one statement per (bus, source), conditioned on
// events:source and events:detail-type of exactly those events.
void put_events_statements(Refs& refs, const std::vector<std::string>& events, const std::string& why,
                           model::Span span, std::vector<Statement>& out);

// The Lambda ARN and its qualified versions/aliases.
std::vector<std::string> function_arns(Refs& refs, std::string_view handler);

// Per-owner role builders (iam_handler.cc, iam_services.cc).
Role handler_role(Refs& refs, const model::Handler& h);
Role workflow_role(Refs& refs, const model::Workflow& w);
std::vector<Role> rule_roles(Refs& refs);
std::vector<Role> scheduler_roles(Refs& refs);
std::vector<ResourcePolicy> resource_policies(Refs& refs);

}  // namespace slipway::derive::iam_detail
