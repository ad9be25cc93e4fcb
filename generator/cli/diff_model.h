// The semantic diff behind `slipway diff`: generated Terraform parsed into resources with flattened
// attributes, IAM JSON into statement atoms, and what changed between two builds per environment.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "base/output.h"

namespace slipway::cli::diff {

// "aws_lambda_function.cards_create" (or "data.x.y", "variable.x", "output.x", "locals", ...) ->
// flattened attributes ("name", "retry_policy[0].maximum_retry_attempts", ...) -> value text.
using Attributes = std::map<std::string, std::string>;
using Resources = std::map<std::string, Attributes>;

// Parses Terraform in our printer's canonical `terraform fmt` style.
void parse_terraform(const std::string& text, Resources& out);

// One permission: who (the policy file, and the principal for resource and trust policies) may do what
// on what, under which condition. Deny atoms have effect "Deny".
struct Atom {
  std::string policy;     // file name without .json, e.g. "fn_cards_create", "fn_x.trust", "resource-topic_alerts"
  std::string effect;
  std::string principal;  // "" for identity policies
  std::string action;
  std::string resource;
  std::string condition;  // compact JSON, "" when none
  auto operator<=>(const Atom&) const = default;
};
std::vector<Atom> parse_policy(const std::string& policy, const std::string& json_text);

struct AttributeChange {
  std::string name, before, after;
  bool forces_replacement = false;
};
struct ResourceChange {
  enum class Kind { Added, Removed, Replaced, Changed } kind;
  std::string address;
  std::vector<AttributeChange> attributes;  // Changed/Replaced
};

struct EnvDiff {
  std::string env;
  std::vector<ResourceChange> resources;   // sorted by address
  std::vector<Atom> added, removed;        // IAM atoms
  std::vector<std::string> broadening;     // human-readable reasons
};

// Compares two builds' output sets; `env` = "" for every environment.
std::vector<EnvDiff> compare(const base::OutputSet& before, const base::OutputSet& after, const std::string& env);

// Renderers.
std::string render_text(const std::vector<EnvDiff>& d);
std::string render_markdown(const std::vector<EnvDiff>& d);
std::string render_json(const std::vector<EnvDiff>& d);

}  // namespace slipway::cli::diff
