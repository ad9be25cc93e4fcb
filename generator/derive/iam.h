// IAM facts that the IAM and Terraform backends must agree on: every role the system needs, its trust
// and its least-privilege policy, and every resource policy. Resources are written as template
// placeholders (${table_cards_arn}); `vars` maps each placeholder to the Terraform expression that
// fills it, so the reviewed JSON file is exactly what Terraform deploys through templatefile().
// `${account_id}`, `${region}` and `${partition}` are always provided by Terraform and are not in `vars`.
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/packed_strings.h"
#include "model/model.h"

namespace slipway::derive {

// A statement's or a trust policy's condition block ({"StringEquals": {...}, ...}), or none. It does not
// change once made, so the statements and roles that have the same condition may share one copy:
// derive_iam shares the trust condition of every handler role and the PutEvents condition of every
// handler that emits the same events (at N=100,000 handlers the copies were about 90 MB).
class Condition {
 public:
  Condition() = default;
  Condition(std::nullptr_t) {}  // none
  Condition(model::Json json);  // a JSON null is none
  bool is_null() const { return json_ == nullptr; }
  const model::Json& json() const;  // a JSON null when there is none
  friend bool operator==(const Condition& a, const Condition& b) { return a.json() == b.json(); }

 private:
  std::shared_ptr<const model::Json> json_;
};

struct Statement {
  std::string sid;
  base::PackedStrings actions;    // sorted
  base::PackedStrings resources;  // sorted; placeholders allowed
  Condition condition;            // none, or {"StringEquals": {...}}
  std::string principal;          // resource policies only: a service principal ("events.amazonaws.com")
                                  // or "*" (any principal; used by the TLS-only Deny)
  std::string why;                // what in the spec asked for it ("uses: { cards: read }")
  model::Span span;               // where in the spec
  std::string effect = "Allow";   // or "Deny"
};

// One policy document of a role. A role whose statements fit IAM's inline limit has exactly one
// inline document with id == role.id (file iam/<env>/<role id>.json). A larger role is split into
// managed policies, ids "<role id>", "<role id>_2", ..., each under the managed-policy limit; Terraform
// then creates an aws_iam_policy per document and attaches it instead of an inline policy.
// The text itself is not kept (document_json makes it): at N=100,000 handlers the texts were 190 MB that
// stayed alive from Terraform's first file to IAM's last, a tenth of the build's peak. Terraform needs
// only the placeholders, which are worked out once, from the text, when the role is split.
struct PolicyDocument {
  std::string id;    // file stem
  bool managed = false;
  std::size_t first = 0;  // the role's statements [first, first + count) are this document's
  std::size_t count = 0;
  std::vector<std::string> placeholders;  // template_placeholders of its text
};

struct Role {
  std::string id;       // file stem and Terraform label, e.g. "fn_cards_create", "sfn_revalue", "events_to_sfn"
  std::string name;     // the AWS role name
  std::string service;  // trusted service principal, e.g. "lambda.amazonaws.com"
  Condition trust_condition;  // none, or {"StringEquals": {"aws:SourceAccount": "${account_id}"}, ...}
  // The stem of its trust policy's file (<trust_id>.trust.json): "lambda" for every handler role, whose
  // trust is the same document, written once; the role id for the others, whose conditions name them.
  std::string trust_id;
  std::vector<Statement> statements;
  std::string owner_kind;  // "handler", "workflow", "rule", "schedule"
  std::string owner_name;
  bool has_raw_wildcard = false;  // a raw `aws:` grant asked for a wildcard
  // role_policy_documents(*this), split once by derive_iam: the Terraform backend deploys them by their
  // placeholders, the IAM backend writes their text (document_json), the one backend that renders it again.
  std::vector<PolicyDocument> documents;
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
// The text of one of role.documents: the document of its statements [first, first + count).
std::string document_json(const Role& role, const PolicyDocument& document);
// What stands between `${` and the next `}` in a template text (escaped `$${` excluded), sorted, each
// once: the placeholders it uses, as a template engine reads them. Which of them name a variable is
// the engine's to say (Terraform's takes the identifiers: terraform::templatefile).
std::vector<std::string> template_placeholders(std::string_view text);
std::string trust_json(const Role& role);
std::string resource_policy_json(const ResourcePolicy& policy);

// ------------------------------------------------------------------------------- size limits

// IAM's quotas, counted in characters without whitespace.
inline constexpr std::size_t kInlinePolicyLimit = 10240;   // all inline policies of one role together
inline constexpr std::size_t kManagedPolicyLimit = 6144;   // one customer managed policy
inline constexpr std::size_t kManagedPoliciesPerRole = 10;  // default quota of attached managed policies

// Access policies of queues and topics, counted the same way (SQS and SNS policy quotas).
inline constexpr std::size_t kQueuePolicyLimit = 8192;   // an SQS queue's policy
inline constexpr std::size_t kTopicPolicyLimit = 30720;  // an SNS topic's policy (30 KB)
// The quota of a resource policy's kind ("queue", "topic"); 0 for a kind with none known.
std::size_t resource_policy_limit(const ResourcePolicy& policy);

std::vector<PolicyDocument> role_policy_documents(const Role& role);

// The size IAM counts for a policy text: characters without whitespace, with every placeholder
// replaced by a value of typical length (ARNs ~ 90 characters, account id 12, region 14, partition 3).
std::size_t policy_size(const std::string& json_text);

// The EventBridge Scheduler schedule group a schedule lives in: a group schedule (`schedules:` without
// `schedule:`) has its own group named aws_name(<schedule>); recurring schedules and a handler's own
// `schedule:` trigger live in the account's "default" group. Terraform must create them accordingly.
std::string scheduler_group_name(const model::System& system, const model::Schedule& schedule);

}  // namespace slipway::derive
