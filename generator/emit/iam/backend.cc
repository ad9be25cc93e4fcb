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

// A queue's or topic's policy past its service's quota. derive_iam has already named by one pattern each bus
// most of whose rules deliver there, so what is left are rules listed one by one.
void resource_policy_too_large(const model::System& s, const derive::ResourcePolicy& p, std::size_t size,
                               std::size_t limit, base::Diagnostics& diags) {
  const bool queue = p.kind == "queue";
  model::Span span;
  if (queue) {
    if (const auto* x = s.queue(p.resource)) span = x->span;
  } else if (const auto* x = s.topic(p.resource)) {
    span = x->span;
  }
  diags
      .error("resource-policy-too-large", span,
             "the access policy of " + p.kind + " '" + p.resource + "' would hold about " + std::to_string(size) +
                 " characters, and " + (queue ? "SQS" : "SNS") + " allows " + std::to_string(limit) +
                 ": too many EventBridge rules deliver to it, each named by its ARN")
      .fix = "put the rules that deliver to '" + p.resource +
             "' on a bus of their own, where one pattern names them all, or spread them over several " + p.kind +
             "s";
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
    std::string text = derive::resource_policy_json(p);
    const std::size_t limit = derive::resource_policy_limit(p);
    const std::size_t size = limit ? derive::policy_size(text) : 0;
    if (size > limit) resource_policy_too_large(s, p, size, limit, diags);
    out.add(dir + "resource-" + p.id + ".json", std::move(text), base::Ownership::Generated);
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
