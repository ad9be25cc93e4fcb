// IAM facts that the IAM and Terraform backends must agree on: every role the system needs, its trust
// and its least-privilege policy, and every resource policy. Resources are written as template
// placeholders (${table_cards_arn}); `vars` maps each placeholder to the Terraform expression that
// fills it, so the reviewed JSON file is exactly what Terraform deploys through templatefile().
#pragma once
#include <map>
#include <string>
#include <vector>

#include "model/model.h"

namespace slipway::derive {

struct Statement {
  std::string sid;
  std::vector<std::string> actions;    // sorted
  std::vector<std::string> resources;  // sorted; placeholders allowed
  model::Json condition;               // null = none; {"StringEquals": {...}}
  std::string principal;               // resource policies only: a service principal ("events.amazonaws.com")
  std::string why;                     // what in the spec asked for it ("uses: { cards: read }")
  model::Span span;                    // where in the spec
};

struct Role {
  std::string id;       // file stem and Terraform label, e.g. "fn_cards_create", "sfn_revalue", "events_to_sfn"
  std::string name;     // the AWS role name
  std::string service;  // trusted service principal, e.g. "lambda.amazonaws.com"
  model::Json trust_condition;  // null or {"StringEquals": {"aws:SourceAccount": "${account_id}"}, ...}
  std::vector<Statement> statements;
  std::string owner_kind;  // "handler", "workflow", "rule", "schedule"
  std::string owner_name;
  bool has_raw_wildcard = false;  // a raw `aws:` grant asked for a wildcard
};

struct ResourcePolicy {
  std::string id;        // e.g. "queue_valuation_dlq"
  std::string kind;      // "queue", "topic", "bucket"
  std::string resource;  // the spec name
  std::vector<Statement> statements;  // each names its principal
};

struct IamModel {
  std::vector<Role> roles;                       // sorted by id
  std::vector<ResourcePolicy> resource_policies;  // sorted by id
  std::map<std::string, std::string> vars;        // placeholder -> Terraform expression
};

IamModel derive_iam(const model::System& system);

// The policy document (Version 2012-10-17) of a role, as ordered JSON text ready to write.
std::string policy_json(const Role& role);
std::string trust_json(const Role& role);
std::string resource_policy_json(const ResourcePolicy& policy);

}  // namespace slipway::derive
