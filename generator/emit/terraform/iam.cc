// iam.tf: one role and one inline policy per IAM role the system needs. The documents themselves are the
// reviewed JSON files under iam/<env>/, read through templatefile() so that what is reviewed is exactly
// what is deployed.
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

void emit_iam(Module& m) {
  const model::System& s = m.sys;
  const std::string dir = "iam/" + s.environment + "/";
  for (const auto& role : m.iam.roles) {
    Block& r = m.resource("iam.tf", "aws_iam_role", role.id);
    r.attr("name", prefixed(s, role.name));
    r.attr("assume_role_policy",
           templatefile(s, dir + role.trust_id + ".trust.json", derive::trust_json(role), m.iam.vars, true));

    Block& p = m.resource("iam.tf", "aws_iam_role_policy", role.id);
    p.attr("name", Expr::str(role.id));
    p.attr("role", Expr::raw("aws_iam_role." + role.id + ".id"));
    p.attr("policy", templatefile(s, dir + role.id + ".json", derive::policy_json(role), m.iam.vars, true));
  }
}

}  // namespace slipway::emit::terraform
