// alarms.tf: CloudWatch alarms on handler errors, dead-letter queue depth and failed workflow executions,
// sent to the spec's alarm topic.
#include "derive/naming.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

namespace {

struct Alarm {
  std::string label, name, description, ns, metric, statistic;
  int threshold = 1;
  std::pair<std::string, Expr> dimension;
};

void alarm(Module& m, const Alarm& a) {
  const std::string topic = topic_arn(m.sys.alarms.topic);
  Block& r = m.resource("alarms.tf", "aws_cloudwatch_metric_alarm", a.label);
  r.attr("alarm_name", prefixed(m.sys, a.name));
  r.attr("alarm_description", Expr::str(a.description));
  r.attr("namespace", Expr::str(a.ns));
  r.attr("metric_name", Expr::str(a.metric));
  r.attr("dimensions", Expr::object({a.dimension}));
  r.attr("statistic", Expr::str(a.statistic));
  r.attr("period", Expr::num(300));
  r.attr("evaluation_periods", Expr::num(1));
  r.attr("threshold", Expr::num(a.threshold));
  r.attr("comparison_operator", Expr::str("GreaterThanOrEqualToThreshold"));
  r.attr("treat_missing_data", Expr::str("notBreaching"));
  r.attr("alarm_actions", Expr::list({Expr::raw(topic)}));
  r.attr("ok_actions", Expr::list({Expr::raw(topic)}));
}

}  // namespace

void emit_alarms(Module& m) {
  const model::System& s = m.sys;
  if (s.alarms.topic.empty() || !s.topic(s.alarms.topic)) return;
  for (const auto& h : s.handlers) {
    const std::string id = derive::tf_id(h.name);
    alarm(m, {id + "_errors", derive::aws_name(s, h.name) + "-errors",
              "The " + h.name + " handler reported errors.", "AWS/Lambda", "Errors", "Sum",
              s.alarms.handler_errors_threshold,
              {"FunctionName", Expr::raw("aws_lambda_function." + id + ".function_name")}});
  }
  for (const auto& q : dead_letter_queues(s)) {
    if (!s.queue(q)) continue;
    const std::string id = derive::tf_id(q);
    alarm(m, {id + "_depth", derive::aws_name(s, q) + "-depth",
              "Messages are waiting in the " + q + " dead-letter queue.", "AWS/SQS",
              "ApproximateNumberOfMessagesVisible", "Maximum", s.alarms.dlq_depth_threshold,
              {"QueueName", Expr::raw("aws_sqs_queue." + id + ".name")}});
  }
  for (const auto& w : s.workflows) {
    const std::string id = derive::tf_id(w.name);
    alarm(m, {id + "_failed", derive::aws_name(s, w.name) + "-failed",
              "Executions of the " + w.name + " workflow failed.", "AWS/States", "ExecutionsFailed", "Sum",
              s.alarms.workflow_failures_threshold, {"StateMachineArn", Expr::raw(workflow_arn(w.name))}});
  }
}

}  // namespace slipway::emit::terraform
