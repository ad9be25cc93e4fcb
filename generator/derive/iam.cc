// Placeholder until the IAM derivation lands.
#include "derive/iam.h"

namespace slipway::derive {

IamModel derive_iam(const model::System&) { return {}; }
std::string policy_json(const Role&) { return "{}"; }
std::string trust_json(const Role&) { return "{}"; }
std::string resource_policy_json(const ResourcePolicy&) { return "{}"; }

}  // namespace slipway::derive
