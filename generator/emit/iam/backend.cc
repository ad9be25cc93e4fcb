// The IAM backend: one policy and one trust document per role, one document per resource policy and a
// permissions report, under iam/<env>/. Terraform reads the same files through templatefile().
#include <set>

#include "derive/iam.h"
#include "emit/backend.h"
#include "emit/iam/report.h"

namespace slipway::emit {

namespace {

model::Span owner_span(const model::System& s, const derive::Role& r) {
  if (r.owner_kind == "handler") {
    if (const auto* h = s.handler(r.owner_name)) return h->span;
  } else if (r.owner_kind == "workflow") {
    if (const auto* w = s.workflow(r.owner_name)) return w->span;
  } else if (r.owner_kind == "rule") {
    if (const auto* x = s.rule(r.owner_name)) return x->span;
  } else if (r.owner_kind == "schedule") {
    if (const auto* x = s.schedule(r.owner_name)) return x->span;
  }
  return {};
}

void emit_system(const model::System& s, const derive::IamModel& iam, base::FileSink& out,
                 base::Diagnostics& diags) {
  const std::string dir = "iam/" + s.environment + "/";
  std::set<std::string> trusts;  // roles of one kind share their trust policy: written once
  for (const auto& r : iam.roles) {
    if (r.name.size() > 64) {
      diags.error("iam-role-name-too-long", owner_span(s, r),
                  "IAM role name '" + r.name + "' has " + std::to_string(r.name.size()) +
                      " characters; IAM allows 64 (shorten the system, environment or " + r.owner_kind + " name)");
    }
    const std::string trust = dir + r.trust_id + ".trust.json";
    if (trusts.insert(trust).second) out.add(trust, derive::trust_json(r), base::Ownership::Generated);
    const auto& docs = r.documents;
    for (const auto& d : docs) {
      const std::string text = derive::document_json(r, d);
      out.add(dir + d.id + ".json", text, base::Ownership::Generated);
      if (d.managed && derive::policy_size(text) > derive::kManagedPolicyLimit) {
        diags.error("iam-policy-too-large", owner_span(s, r),
                    "a statement of role '" + r.id + "' is larger than IAM's managed policy limit of " +
                        std::to_string(derive::kManagedPolicyLimit) + " characters");
      }
    }
    if (docs.size() > derive::kManagedPoliciesPerRole) {
      diags.error("iam-policy-too-large", owner_span(s, r),
                  "role '" + r.id + "' needs " + std::to_string(docs.size()) +
                      " managed policies, more than IAM's default quota of " +
                      std::to_string(derive::kManagedPoliciesPerRole) + " per role");
    }
  }
  for (const auto& p : iam.resource_policies) {
    out.add(dir + "resource-" + p.id + ".json", derive::resource_policy_json(p), base::Ownership::Generated);
  }
  out.add(dir + "README.md", iam::permissions_report(s, iam), base::Ownership::Generated);
}

class IamBackend final : public Backend {
 public:
  std::string name() const override { return "iam"; }
  void emit(const model::Program& program, const Options&, const Derived& derived, base::FileSink& out,
            base::Diagnostics& diags) const override {
    for (const auto& s : program.systems) emit_system(s, derived.iam(s), out, diags);
  }
};

}  // namespace

std::unique_ptr<Backend> make_iam_backend() { return std::make_unique<IamBackend>(); }

}  // namespace slipway::emit
