// handlers.tf: Lambda functions with their log groups, asynchronous invocation settings, event source
// mappings and the permissions S3 needs to invoke them.
#include "derive/naming.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

namespace {

// Environment variables: the deployed names of everything the handler uses, then the spec's own `env`
// (which wins on a clash).
std::map<std::string, Expr> environment(const model::System& s, const model::Handler& h) {
  std::map<std::string, Expr> env;
  auto put = [&](const std::string& k, Expr v) { env.insert_or_assign(k, std::move(v)); };
  for (const auto& u : h.uses) {
    const std::string id = derive::tf_id(u.name);
    switch (u.kind) {
      case model::ResourceKind::Table: put(derive::env_var("table", u.name, "name"), Expr::raw("aws_dynamodb_table." + id + ".name")); break;
      case model::ResourceKind::Bucket: put(derive::env_var("bucket", u.name, "name"), Expr::raw("aws_s3_bucket." + id + ".bucket")); break;
      case model::ResourceKind::Queue: put(derive::env_var("queue", u.name, "url"), Expr::raw("aws_sqs_queue." + id + ".url")); break;
      case model::ResourceKind::Topic: put(derive::env_var("topic", u.name, "arn"), Expr::raw(topic_arn(u.name))); break;
      case model::ResourceKind::Secret:
        put(derive::env_var("secret", u.name, "arn"), Expr::raw("aws_secretsmanager_secret." + id + ".arn"));
        break;
      case model::ResourceKind::Parameter:
        if (const model::Parameter* p = s.parameter(u.name)) put(derive::env_var("parameter", u.name, "name"), Expr::str(p->path));
        break;
      case model::ResourceKind::Bus: put(derive::env_var("bus", u.name, "name"), Expr::raw(bus_name_expr(s, u.name))); break;
      case model::ResourceKind::ScheduleGroup: break;
    }
  }
  for (const auto& e : h.emits) {
    if (const model::Event* ev = s.event(e)) put(derive::env_var("bus", ev->bus, "name"), Expr::raw(bus_name_expr(s, ev->bus)));
  }
  for (const auto& w : h.starts) put(derive::env_var("workflow", w, "arn"), Expr::raw(workflow_arn(w)));
  for (auto& [k, v] : schedule_group_environment(s, h)) put(k, std::move(v));
  for (const auto& e : h.env) put(e.name, text_expr(s, e.value));
  return env;
}

// Lambda ORs the filters of one mapping; a top-level `$or` becomes one filter per alternative.
std::vector<model::Json> stream_filters(const model::Json& filter) {
  if (filter.is_object() && filter.size() == 1 && filter.contains("$or") && filter["$or"].is_array()) {
    return std::vector<model::Json>(filter["$or"].begin(), filter["$or"].end());
  }
  return {filter};
}

void function(Module& m, const model::Handler& h) {
  const model::System& s = m.sys;
  const std::string id = derive::tf_id(h.name);
  Block& log = m.resource("handlers.tf", "aws_cloudwatch_log_group", "fn_" + id);
  log.attr("name", prefixed(s, derive::function_log_group(s, h.name)));
  log.attr("retention_in_days", Expr::num(h.log_retention_days));

  Block& f = m.resource("handlers.tf", "aws_lambda_function", id);
  f.attr("function_name", prefixed(s, derive::aws_name(s, h.name)));
  if (!h.description.empty()) f.attr("description", Expr::str(h.description));
  f.attr("role", Expr::raw(role_arn("fn_" + id)));
  f.attr("runtime", Expr::str(h.runtime));
  f.attr("handler", Expr::str("bootstrap"));
  f.attr("architectures", Expr::list({Expr::str(h.architecture)}));
  f.attr("memory_size", Expr::num(h.memory_mb));
  f.attr("timeout", Expr::num(h.timeout_seconds));
  if (h.reserved_concurrency) f.attr("reserved_concurrent_executions", Expr::num(*h.reserved_concurrency));
  const std::string package = "var." + package_variable(h.name);
  f.attr("filename", Expr::raw(package));
  f.attr("source_code_hash", Expr::call("filebase64sha256", {Expr::raw(package)}));

  std::map<std::string, Expr> env = environment(s, h);
  if (!env.empty()) {
    std::vector<std::pair<std::string, Expr>> vars(env.begin(), env.end());
    f.block("environment").attr("variables", Expr::object(std::move(vars)));
  }
  f.block("logging_config")
      .attr("log_format", Expr::str("Text"))
      .attr("log_group", Expr::raw("aws_cloudwatch_log_group.fn_" + id + ".name"));
  if (h.tracing) f.block("tracing_config").attr("mode", Expr::str("Active"));
  m.depends_on_grants(f, "fn_" + id);

  if (h.async_retry_attempts || !h.dlq.empty()) {
    Block& c = m.resource("handlers.tf", "aws_lambda_function_event_invoke_config", id);
    c.attr("function_name", Expr::raw("aws_lambda_function." + id + ".function_name"));
    if (h.async_retry_attempts) c.attr("maximum_retry_attempts", Expr::num(*h.async_retry_attempts));
    if (!h.dlq.empty()) {
      c.block("destination_config").block("on_failure").attr("destination", Expr::raw(queue_arn(h.dlq)));
    }
  }
}

void triggers(Module& m, const model::Handler& h) {
  const std::string id = derive::tf_id(h.name);
  if (h.queue) {
    const auto& q = *h.queue;
    Block& esm = m.resource("handlers.tf", "aws_lambda_event_source_mapping", id + "_queue");
    esm.attr("event_source_arn", Expr::raw(queue_arn(q.queue)));
    esm.attr("function_name", Expr::raw(function_arn(h.name)));
    esm.attr("batch_size", Expr::num(q.batch_size));
    if (q.batching_window_seconds) {
      esm.attr("maximum_batching_window_in_seconds", Expr::num(*q.batching_window_seconds));
    }
    esm.attr("function_response_types", Expr::list({Expr::str("ReportBatchItemFailures")}));
    if (q.max_concurrency) esm.block("scaling_config").attr("maximum_concurrency", Expr::num(*q.max_concurrency));
  }
  if (h.stream) {
    const auto& st = *h.stream;
    Block& esm = m.resource("handlers.tf", "aws_lambda_event_source_mapping", id + "_stream");
    esm.attr("event_source_arn", Expr::raw("aws_dynamodb_table." + derive::tf_id(st.table) + ".stream_arn"));
    esm.attr("function_name", Expr::raw(function_arn(h.name)));
    esm.attr("starting_position", Expr::str(st.starting_position));
    esm.attr("batch_size", Expr::num(st.batch_size));
    if (st.batching_window_seconds) {
      esm.attr("maximum_batching_window_in_seconds", Expr::num(*st.batching_window_seconds));
    }
    esm.attr("parallelization_factor", Expr::num(st.parallelization));
    esm.attr("bisect_batch_on_function_error", Expr::boolean(st.bisect_on_error));
    esm.attr("function_response_types", Expr::list({Expr::str("ReportBatchItemFailures")}));
    if (st.retry_attempts) esm.attr("maximum_retry_attempts", Expr::num(*st.retry_attempts));
    if (st.max_age_seconds) esm.attr("maximum_record_age_in_seconds", Expr::num(*st.max_age_seconds));
    if (!st.filter.is_null()) {
      Block& criteria = esm.block("filter_criteria");
      for (const auto& f : stream_filters(st.filter)) {
        criteria.block("filter").attr("pattern", Expr::call("jsonencode", {Expr::json(f)}));
      }
    }
    if (!st.dlq.empty()) {
      esm.block("destination_config").block("on_failure").attr("destination_arn", Expr::raw(queue_arn(st.dlq)));
    }
  }
  if (h.s3) {
    const std::string bucket = derive::tf_id(h.s3->bucket);
    Block& p = m.resource("handlers.tf", "aws_lambda_permission", id + "_from_bucket_" + bucket);
    p.attr("statement_id", Expr::str("AllowS3Bucket-" + h.s3->bucket));
    p.attr("action", Expr::str("lambda:InvokeFunction"));
    p.attr("function_name", Expr::raw("aws_lambda_function." + id + ".function_name"));
    p.attr("principal", Expr::str("s3.amazonaws.com"));
    p.attr("source_arn", Expr::raw("aws_s3_bucket." + bucket + ".arn"));
    p.attr("source_account", Expr::raw("local.account_id"));
  }
}

}  // namespace

void emit_handlers(Module& m) {
  for (const auto& h : m.sys.handlers) {
    function(m, h);
    triggers(m, h);
    m.print_piece("handlers.tf");
  }
}

}  // namespace slipway::emit::terraform
