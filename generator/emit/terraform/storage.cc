// storage.tf, data part: DynamoDB tables and S3 buckets with their security settings, lifecycle and
// notifications.
#include <set>

#include "derive/naming.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

// The IAM engineer's resource policy of a spec resource, or nullptr.
const derive::ResourcePolicy* resource_policy(const Module& m, const std::string& kind, const std::string& name) {
  for (const auto& p : m.iam.resource_policies) {
    if (p.kind == kind && p.resource == name) return &p;
  }
  return nullptr;
}

Expr resource_policy_expr(const Module& m, const derive::ResourcePolicy& p) {
  return templatefile(m.sys, "iam/" + m.sys.environment + "/resource-" + p.id + ".json",
                      derive::resource_policy_json(p), m.iam.vars, false);
}

namespace {

void table(Module& m, const model::Table& t) {
  const model::System& s = m.sys;
  const std::string id = derive::tf_id(t.name);
  Block& r = m.resource("storage.tf", "aws_dynamodb_table", id);
  r.attr("name", prefixed(s, derive::aws_name(s, t.name)));
  r.attr("billing_mode", Expr::str(t.billing));
  const bool provisioned = t.billing == "PROVISIONED";
  if (provisioned) {
    r.attr("read_capacity", Expr::num(t.read_capacity.value_or(5)));
    r.attr("write_capacity", Expr::num(t.write_capacity.value_or(5)));
  }
  r.attr("hash_key", Expr::str(t.partition.name));
  if (t.sort) r.attr("range_key", Expr::str(t.sort->name));
  if (!t.stream.empty()) {
    r.attr("stream_enabled", Expr::boolean(true));
    r.attr("stream_view_type", Expr::str(t.stream));
  }
  r.attr("deletion_protection_enabled", Expr::boolean(t.deletion_protection));

  // Only key attributes (of the table and its indexes) are declared; sorted by name.
  std::map<std::string, std::string> attributes;
  auto key = [&](const model::KeyAttribute& k) { attributes.emplace(k.name, k.type); };
  key(t.partition);
  if (t.sort) key(*t.sort);
  for (const auto& i : t.indexes) {
    key(i.partition);
    if (i.sort) key(*i.sort);
  }
  for (const auto& [name, type] : attributes) {
    r.block("attribute").attr("name", Expr::str(name)).attr("type", Expr::str(type));
  }
  for (const auto& i : t.indexes) {
    Block& g = r.block("global_secondary_index");
    g.attr("name", Expr::str(i.name));
    g.attr("hash_key", Expr::str(i.partition.name));
    if (i.sort) g.attr("range_key", Expr::str(i.sort->name));
    g.attr("projection_type", Expr::str(i.projection));
    if (i.projection == "INCLUDE") {
      std::vector<Expr> attrs;
      for (const auto& a : i.non_key_attributes) attrs.push_back(Expr::str(a));
      g.attr("non_key_attributes", Expr::list(std::move(attrs)));
    }
    if (provisioned) {
      g.attr("read_capacity", Expr::num(t.read_capacity.value_or(5)));
      g.attr("write_capacity", Expr::num(t.write_capacity.value_or(5)));
    }
  }
  r.block("point_in_time_recovery").attr("enabled", Expr::boolean(t.point_in_time_recovery));
  r.block("server_side_encryption").attr("enabled", Expr::boolean(true));
  if (!t.ttl_attribute.empty()) {
    r.block("ttl").attr("attribute_name", Expr::str(t.ttl_attribute)).attr("enabled", Expr::boolean(true));
  }
}

const std::map<std::string, std::string>& s3_event_names() {
  static const std::map<std::string, std::string> names = {
      {"created", "s3:ObjectCreated:*"}, {"removed", "s3:ObjectRemoved:*"}, {"restored", "s3:ObjectRestore:Completed"}};
  return names;
}

void bucket(Module& m, const model::Bucket& b) {
  const model::System& s = m.sys;
  const std::string id = derive::tf_id(b.name);
  const std::string ref = "aws_s3_bucket." + id;
  Block& r = m.resource("storage.tf", "aws_s3_bucket", id);
  r.attr("bucket", prefixed(s, derive::bucket_name(s, b.name)));
  r.attr("force_destroy", Expr::boolean(b.force_destroy));

  m.resource("storage.tf", "aws_s3_bucket_ownership_controls", id)
      .attr("bucket", Expr::raw(ref + ".id"))
      .block("rule")
      .attr("object_ownership", Expr::str("BucketOwnerEnforced"));

  m.resource("storage.tf", "aws_s3_bucket_public_access_block", id)
      .attr("bucket", Expr::raw(ref + ".id"))
      .attr("block_public_acls", Expr::boolean(true))
      .attr("block_public_policy", Expr::boolean(true))
      .attr("ignore_public_acls", Expr::boolean(true))
      .attr("restrict_public_buckets", Expr::boolean(true));

  Block& sse = m.resource("storage.tf", "aws_s3_bucket_server_side_encryption_configuration", id);
  sse.attr("bucket", Expr::raw(ref + ".id"));
  Block& rule = sse.block("rule");
  rule.block("apply_server_side_encryption_by_default").attr("sse_algorithm", Expr::str(b.encryption));
  if (b.encryption == "aws:kms") rule.attr("bucket_key_enabled", Expr::boolean(true));

  if (b.versioning) {
    m.resource("storage.tf", "aws_s3_bucket_versioning", id)
        .attr("bucket", Expr::raw(ref + ".id"))
        .block("versioning_configuration")
        .attr("status", Expr::str("Enabled"));
  }

  if (!b.lifecycle.empty()) {
    Block& lc = m.resource("storage.tf", "aws_s3_bucket_lifecycle_configuration", id);
    lc.attr("bucket", Expr::raw(ref + ".id"));
    for (const auto& l : b.lifecycle) {
      Block& lr = lc.block("rule");
      lr.attr("id", Expr::str(l.id));
      lr.attr("status", Expr::str("Enabled"));
      lr.block("filter").attr("prefix", Expr::str(l.prefix));
      if (l.expire_days) lr.block("expiration").attr("days", Expr::num(*l.expire_days));
      if (l.noncurrent_expire_days) {
        lr.block("noncurrent_version_expiration").attr("noncurrent_days", Expr::num(*l.noncurrent_expire_days));
      }
      if (l.transition_days) {
        lr.block("transition")
            .attr("days", Expr::num(*l.transition_days))
            .attr("storage_class", Expr::str(l.transition_class.empty() ? "STANDARD_IA" : l.transition_class));
      }
      if (l.abort_incomplete_days) {
        lr.block("abort_incomplete_multipart_upload").attr("days_after_initiation", Expr::num(*l.abort_incomplete_days));
      }
    }
  }

  if (!b.cors_origins.empty()) {
    std::vector<Expr> origins;
    for (const auto& o : b.cors_origins) origins.push_back(Expr::str(o));
    m.resource("storage.tf", "aws_s3_bucket_cors_configuration", id)
        .attr("bucket", Expr::raw(ref + ".id"))
        .block("cors_rule")
        .attr("allowed_headers", Expr::list({Expr::str("*")}))
        .attr("allowed_methods", Expr::list({Expr::str("GET"), Expr::str("HEAD"), Expr::str("PUT")}))
        .attr("allowed_origins", Expr::list(std::move(origins)))
        .attr("expose_headers", Expr::list({Expr::str("ETag")}))
        .attr("max_age_seconds", Expr::num(3000));
  }

  // One notification configuration per bucket (S3 keeps only one): EventBridge and every s3 trigger.
  std::vector<const model::Handler*> triggered;
  for (const auto& h : s.handlers) {
    if (h.s3 && h.s3->bucket == b.name) triggered.push_back(&h);
  }
  if (b.eventbridge || !triggered.empty()) {
    Block& n = m.resource("storage.tf", "aws_s3_bucket_notification", id);
    n.attr("bucket", Expr::raw(ref + ".id"));
    if (b.eventbridge) n.attr("eventbridge", Expr::boolean(true));
    std::vector<Expr> depends;
    for (const auto* h : triggered) {
      const std::string hid = derive::tf_id(h->name);
      Block& fn = n.block("lambda_function");
      fn.attr("id", Expr::str(h->name));
      fn.attr("lambda_function_arn", Expr::raw(function_arn(h->name)));
      std::vector<Expr> events;
      for (const auto& e : h->s3->events) {
        auto it = s3_event_names().find(e);
        events.push_back(Expr::str(it != s3_event_names().end() ? it->second : e));
      }
      if (events.empty()) events.push_back(Expr::str("s3:ObjectCreated:*"));
      fn.attr("events", Expr::list(std::move(events)));
      if (!h->s3->prefix.empty()) fn.attr("filter_prefix", Expr::str(h->s3->prefix));
      if (!h->s3->suffix.empty()) fn.attr("filter_suffix", Expr::str(h->s3->suffix));
      depends.push_back(Expr::raw("aws_lambda_permission." + hid + "_from_bucket_" + id));
    }
    if (!depends.empty()) n.attr("depends_on", Expr::list(std::move(depends)));
  }

  Block& policy = m.resource("storage.tf", "aws_s3_bucket_policy", id);
  policy.attr("bucket", Expr::raw(ref + ".id"));
  if (const derive::ResourcePolicy* p = resource_policy(m, "bucket", b.name)) {
    policy.attr("policy", resource_policy_expr(m, *p));
  } else {
    policy.attr("policy", policy_document({deny_insecure_transport(
                              "s3:*", Expr::list({Expr::raw(ref + ".arn"), Expr::tmpl({hcl::interp(ref + ".arn"),
                                                                                      hcl::lit("/*")})}))}));
  }
  policy.attr("depends_on", Expr::list({Expr::raw("aws_s3_bucket_public_access_block." + id)}));
}

}  // namespace

void emit_storage(Module& m) {
  for (const auto& t : m.sys.tables) table(m, t);
  for (const auto& b : m.sys.buckets) bucket(m, b);
}

}  // namespace slipway::emit::terraform
