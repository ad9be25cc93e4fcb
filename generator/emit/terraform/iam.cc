// iam.tf: one role per IAM role the system needs, and its policy documents. The documents themselves are
// the reviewed JSON files under iam/<env>/, read through templatefile() so that what is reviewed is
// exactly what is deployed. A role whose policy fits IAM's inline limit gets one inline policy; a larger
// one is split by derive::role_policy_documents into customer managed policies, each created here and
// attached to the role, so that every document the IAM backend writes is deployed.
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

namespace {

// The AWS name of a managed policy: the role's name, "-policy", and the part's number from the second on.
// Role names are unique in the account, so these are too; IAM allows 128 characters, roles 64.
std::string managed_policy_name(const derive::Role& role, std::size_t part) {
  return role.name + "-policy" + (part == 0 ? std::string() : "-" + std::to_string(part + 1));
}

}  // namespace

void emit_iam(Module& m) {
  const model::System& s = m.sys;
  const std::string dir = "iam/" + s.environment + "/";
  // Every handler role trusts Lambda through the same document: its call is built once.
  std::map<std::string, Expr, std::less<>> trust_calls;
  for (const auto& role : m.iam.roles) {
    Block& r = m.resource("iam.tf", "aws_iam_role", role.id);
    r.attr("name", prefixed(s, role.name));
    auto trust = trust_calls.find(role.trust_id);
    if (trust == trust_calls.end()) {
      Expr call = templatefile(s, dir + role.trust_id + ".trust.json", derive::trust_json(role), m.iam.vars, true);
      trust = trust_calls.emplace(role.trust_id, std::move(call)).first;
    }
    r.attr("assume_role_policy", trust->second);

    const auto& docs = role.documents;
    std::vector<std::string>& grants = m.role_grants[role.id];
    for (std::size_t i = 0; i < docs.size(); ++i) {
      const derive::PolicyDocument& d = docs[i];
      Expr policy = templatefile(s, dir + d.id + ".json", d.placeholders, m.iam.vars, true);
      if (!d.managed) {
        Block& p = m.resource("iam.tf", "aws_iam_role_policy", d.id);
        p.attr("name", Expr::str(d.id));
        p.attr("role", Expr::raw("aws_iam_role." + role.id + ".id"));
        p.attr("policy", std::move(policy));
        grants.push_back("aws_iam_role_policy." + d.id);
        continue;
      }
      Block& p = m.resource("iam.tf", "aws_iam_policy", d.id);
      p.attr("name", prefixed(s, managed_policy_name(role, i)));
      p.attr("description", Expr::str("Permissions of role " + role.id + ", part " + std::to_string(i + 1) +
                                      ": " + dir + d.id + ".json"));
      p.attr("policy", std::move(policy));
      Block& a = m.resource("iam.tf", "aws_iam_role_policy_attachment", d.id);
      a.attr("role", Expr::raw("aws_iam_role." + role.id + ".name"));
      a.attr("policy_arn", Expr::raw("aws_iam_policy." + d.id + ".arn"));
      grants.push_back("aws_iam_role_policy_attachment." + d.id);
    }
    m.print_piece("iam.tf");
  }
}

}  // namespace slipway::emit::terraform
