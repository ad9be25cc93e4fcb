// storage.tf, messaging part: SQS queues, SNS topics (with the KMS key that encrypts them) and
// subscriptions, Secrets Manager secrets.
#include <algorithm>

#include "derive/naming.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

const derive::ResourcePolicy* resource_policy(const Module& m, const std::string& kind, const std::string& name);
Expr resource_policy_expr(const Module& m, const derive::ResourcePolicy& p);

namespace {

// AWS recommends a visibility timeout of six times the consuming function's timeout (SQS caps it at 12 h).
int visibility_timeout(const model::System& s, const model::Queue& q) {
  if (q.visibility_timeout_seconds) return *q.visibility_timeout_seconds;
  if (const model::Handler* h = queue_consumer(s, q.name)) return std::min(6 * h->timeout_seconds, 43200);
  return 30;
}

void queue(Module& m, const model::Queue& q) {
  const model::System& s = m.sys;
  const std::string id = derive::tf_id(q.name);
  Block& r = m.resource("storage.tf", "aws_sqs_queue", id);
  r.attr("name", prefixed(s, derive::queue_name(s, q)));
  if (q.fifo) {
    r.attr("fifo_queue", Expr::boolean(true));
    r.attr("content_based_deduplication", Expr::boolean(true));
  }
  r.attr("visibility_timeout_seconds", Expr::num(visibility_timeout(s, q)));
  if (q.retention_seconds) r.attr("message_retention_seconds", Expr::num(*q.retention_seconds));
  if (q.delay_seconds) r.attr("delay_seconds", Expr::num(*q.delay_seconds));
  r.attr("sqs_managed_sse_enabled", Expr::boolean(true));
  if (!q.dlq.empty()) {
    r.attr("redrive_policy", Expr::call("jsonencode", {Expr::object({{"deadLetterTargetArn", Expr::raw(queue_arn(q.dlq))},
                                                                     {"maxReceiveCount", Expr::num(q.max_receives)}})}));
  }

  Block& policy = m.resource("storage.tf", "aws_sqs_queue_policy", id);
  policy.attr("queue_url", Expr::raw("aws_sqs_queue." + id + ".id"));
  if (const derive::ResourcePolicy* p = resource_policy(m, "queue", q.name)) {
    policy.attr("policy", resource_policy_expr(m, *p));
  } else {
    policy.attr("policy", policy_document({deny_insecure_transport("sqs:*", Expr::raw(queue_arn(q.name)))}));
  }
}

// The key that encrypts every topic. AWS's managed SNS key cannot be used by EventBridge or CloudWatch
// alarms, so the system gets its own: usable through SNS by principals of this account, and by the
// EventBridge and CloudWatch services on behalf of this account only.
void topic_key(Module& m) {
  auto object = [](std::vector<std::pair<std::string, Expr>> items) { return Expr::object(std::move(items)); };
  Expr account = Expr::raw("local.account_id");
  std::vector<Expr> statements;
  statements.push_back(object({{"Sid", Expr::str("AccountAdministers")},
                               {"Effect", Expr::str("Allow")},
                               {"Principal", object({{"AWS", arn_expr("iam", "root", false)}})},
                               {"Action", Expr::str("kms:*")},
                               {"Resource", Expr::str("*")}}));
  statements.push_back(object(
      {{"Sid", Expr::str("AccountUsesThroughSns")},
       {"Effect", Expr::str("Allow")},
       {"Principal", object({{"AWS", Expr::str("*")}})},
       {"Action", Expr::list({Expr::str("kms:Decrypt"), Expr::str("kms:GenerateDataKey*")})},
       {"Resource", Expr::str("*")},
       {"Condition", object({{"StringEquals",
                              object({{"kms:CallerAccount", account},
                                      {"kms:ViaService", Expr::tmpl({hcl::lit("sns."), hcl::interp("local.region"),
                                                                     hcl::lit(".amazonaws.com")})}})}})}}));
  statements.push_back(object(
      {{"Sid", Expr::str("ServicesPublishForAccount")},
       {"Effect", Expr::str("Allow")},
       {"Principal",
        object({{"Service", Expr::list({Expr::str("cloudwatch.amazonaws.com"), Expr::str("events.amazonaws.com")})}})},
       {"Action", Expr::list({Expr::str("kms:Decrypt"), Expr::str("kms:GenerateDataKey*")})},
       {"Resource", Expr::str("*")},
       {"Condition", object({{"StringEquals", object({{"aws:SourceAccount", account}})}})}}));

  Block& key = m.resource("storage.tf", "aws_kms_key", "topics");
  key.attr("description", Expr::tmpl({hcl::lit("Encrypts the SNS topics of "), hcl::interp("local.prefix"), hcl::lit(".")}));
  key.attr("enable_key_rotation", Expr::boolean(true));
  key.attr("deletion_window_in_days", Expr::num(30));
  key.attr("policy", policy_document(std::move(statements)));
  m.resource("storage.tf", "aws_kms_alias", "topics")
      .attr("name", Expr::tmpl({hcl::lit("alias/"), hcl::interp("local.prefix"), hcl::lit("-topics")}))
      .attr("target_key_id", Expr::raw("aws_kms_key.topics.key_id"));
}

void topic(Module& m, const model::Topic& t) {
  const model::System& s = m.sys;
  const std::string id = derive::tf_id(t.name);
  Block& r = m.resource("storage.tf", "aws_sns_topic", id);
  r.attr("name", prefixed(s, derive::topic_name(s, t)));
  if (t.fifo) {
    r.attr("fifo_topic", Expr::boolean(true));
    r.attr("content_based_deduplication", Expr::boolean(true));
  }
  r.attr("kms_master_key_id", Expr::raw("aws_kms_key.topics.arn"));

  if (const derive::ResourcePolicy* p = resource_policy(m, "topic", t.name)) {
    m.resource("storage.tf", "aws_sns_topic_policy", id)
        .attr("arn", Expr::raw(topic_arn(t.name)))
        .attr("policy", resource_policy_expr(m, *p));
  }

  for (const auto& sub : t.subscriptions) {
    const bool named = sub.protocol == "sqs" || sub.protocol == "lambda";
    const std::string label = id + "_" + sub.protocol + "_" + (named ? derive::tf_id(sub.target) : label_from(sub.target));
    Block& r2 = m.resource("storage.tf", "aws_sns_topic_subscription", label);
    r2.attr("topic_arn", Expr::raw(topic_arn(t.name)));
    r2.attr("protocol", Expr::str(sub.protocol));
    if (sub.protocol == "sqs") {
      r2.attr("endpoint", Expr::raw(queue_arn(sub.target)));
    } else if (sub.protocol == "lambda") {
      r2.attr("endpoint", Expr::raw(function_arn(sub.target)));
      const std::string hid = derive::tf_id(sub.target);
      Block& p = m.resource("handlers.tf", "aws_lambda_permission", hid + "_from_topic_" + id);
      p.attr("statement_id", Expr::str("AllowSnsTopic-" + t.name));
      p.attr("action", Expr::str("lambda:InvokeFunction"));
      p.attr("function_name", Expr::raw("aws_lambda_function." + hid + ".function_name"));
      p.attr("principal", Expr::str("sns.amazonaws.com"));
      p.attr("source_arn", Expr::raw(topic_arn(t.name)));
    } else {
      r2.attr("endpoint", Expr::str(sub.target));
    }
  }
}

}  // namespace

void emit_messaging(Module& m) {
  for (const auto& q : m.sys.queues) queue(m, q);
  if (!m.sys.topics.empty()) topic_key(m);
  for (const auto& t : m.sys.topics) topic(m, t);
  for (const auto& sec : m.sys.secrets) {
    Block& r = m.resource("storage.tf", "aws_secretsmanager_secret", derive::tf_id(sec.name));
    r.attr("name", prefixed(m.sys, derive::aws_name(m.sys, sec.name)));
    if (!sec.description.empty()) r.attr("description", Expr::str(sec.description));
  }
}

}  // namespace slipway::emit::terraform
