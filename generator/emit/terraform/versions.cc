// versions.tf, variables.tf (with locals) and outputs.tf.
#include <algorithm>
#include <array>

#include "derive/naming.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

void emit_versions(Module& m) {
  const model::System& s = m.sys;
  hcl::File& f = m.file("versions.tf");
  Block& tf = f.block("terraform");
  tf.attr("required_version", Expr::str(">= 1.6.0"));
  tf.block("required_providers")
      .attr("aws", Expr::object({{"source", Expr::str("hashicorp/aws")}, {"version", Expr::str("~> 6.0")}}));

  Block& provider = f.block("provider", {"aws"});
  provider.attr("region", Expr::str(s.region));
  std::map<std::string, std::string> tags = s.tags;
  tags.emplace("System", s.name);
  tags.emplace("Environment", s.environment);
  tags.emplace("ManagedBy", "slipway");
  std::vector<std::pair<std::string, Expr>> items;
  for (const auto& [k, v] : tags) items.emplace_back(k, Expr::str(v));
  provider.block("default_tags").attr("tags", Expr::object(std::move(items)));

  f.block("data", {"aws_caller_identity", "current"});
  f.block("data", {"aws_region", "current"});
  f.block("data", {"aws_partition", "current"});
}

std::string package_variable(const std::string& handler) { return "package_" + derive::tf_id(handler); }

void TextReads::scan(std::string_view text) {
  jwt_issuer = jwt_issuer || text.find("var.jwt_issuer") != std::string_view::npos;
  // Which of the optional locals the text reads, found in one pass over it (a search per local read the
  // whole module up to eight times; collecting and sorting every name read was 3 % of the Terraform
  // backend): a local is read when a name read as local.<name> starts with its name, as a search for
  // "local.<name>" would find.
  constexpr std::string_view kLocal = "local.";
  for (auto at = text.find(kLocal); at != std::string_view::npos; at = text.find(kLocal, at + kLocal.size())) {
    const std::string_view rest = text.substr(at + kLocal.size());
    for (std::size_t i = 0; i < kOptionalLocals.size(); ++i) locals[i] = locals[i] || rest.starts_with(kOptionalLocals[i]);
  }
}

void emit_variables(Module& m) {
  const model::System& s = m.sys;
  hcl::File& f = m.file("variables.tf");
  for (const auto& flag : s.flags) {
    Block& v = f.block("variable", {derive::tf_id(flag.name)});
    v.attr("description", Expr::str(flag.description.empty() ? "Feature flag " + flag.name + "." : flag.description));
    const char* type = flag.value.is_boolean() ? "bool" : flag.value.is_number() ? "number" : "string";
    v.attr("type", Expr::raw(type));
    v.attr("default", Expr::json(flag.value));
  }
  for (const auto& h : s.handlers) {
    Block& v = f.block("variable", {package_variable(h.name)});
    v.attr("description", Expr::str("Deployment package (zip with a `bootstrap` executable) of the " + h.name +
                                     " handler, relative to this folder."));
    v.attr("type", Expr::raw("string"));
    v.attr("default", Expr::str("../../handlers/build/" + h.name + ".zip"));
    m.print_piece("variables.tf");  // a variable per handler: 85 MB of blocks at N=100,000, held whole before
  }
  if (m.reads.jwt_issuer) {
    f.block("variable", {"jwt_issuer"})
        .attr("description", Expr::str("Issuer URL of the JWTs that the HTTP API accepts."))
        .attr("type", Expr::raw("string"));
    f.block("variable", {"jwt_audience"})
        .attr("description", Expr::str("Audiences (client ids) of the JWTs that the HTTP API accepts."))
        .attr("type", Expr::raw("list(string)"));
  }

  std::vector<std::pair<std::string, Expr>> locals;
  locals.emplace_back("prefix", Expr::str(derive::prefix(s)));
  const auto [account_id, region, partition, default_bus_arn] = m.reads.locals;
  if (account_id || default_bus_arn) {
    locals.emplace_back("account_id", Expr::raw("data.aws_caller_identity.current.account_id"));
  }
  if (region || default_bus_arn) locals.emplace_back("region", Expr::raw("data.aws_region.current.region"));
  if (partition || default_bus_arn) locals.emplace_back("partition", Expr::raw("data.aws_partition.current.partition"));
  if (default_bus_arn) locals.emplace_back("default_bus_arn", arn_expr("events", "event-bus/default"));
  Block& l = f.block("locals");
  for (auto& [k, v] : locals) l.attr(k, std::move(v));
}

void emit_outputs(Module& m) {
  const model::System& s = m.sys;
  hcl::File& f = m.file("outputs.tf");
  auto out = [&](const std::string& name, const std::string& description, const std::string& value) {
    f.block("output", {name}).attr("description", Expr::str(description)).attr("value", Expr::raw(value));
    m.print_piece("outputs.tf");  // an output per handler, table, ...: 60 MB of blocks at N=100,000 if held
  };
  for (const auto& b : s.buses) {
    if (b.is_default()) continue;
    out("bus_" + b.name + "_name", "Name of the " + b.name + " event bus.", bus_name_expr(s, b.name));
    out("bus_" + b.name + "_arn", "ARN of the " + b.name + " event bus.", bus_arn(s, b.name));
  }
  if (s.api) out("api_url", "Base URL of the HTTP API.", "aws_apigatewayv2_stage.default.invoke_url");
  for (const auto& t : s.tables) {
    out("table_" + t.name + "_name", "Name of the " + t.name + " table.", "aws_dynamodb_table." + t.name + ".name");
  }
  for (const auto& b : s.buckets) {
    out("bucket_" + b.name + "_name", "Name of the " + b.name + " bucket.", "aws_s3_bucket." + b.name + ".bucket");
  }
  for (const auto& q : s.queues) {
    out("queue_" + q.name + "_url", "URL of the " + q.name + " queue.", "aws_sqs_queue." + q.name + ".url");
  }
  for (const auto& t : s.topics) out("topic_" + t.name + "_arn", "ARN of the " + t.name + " topic.", topic_arn(t.name));
  for (const auto& w : s.workflows) {
    out("workflow_" + w.name + "_arn", "ARN of the " + w.name + " state machine.", workflow_arn(w.name));
  }
  for (const auto& h : s.handlers) {
    out("handler_" + h.name + "_name", "Function name of the " + h.name + " handler.",
        "aws_lambda_function." + h.name + ".function_name");
  }
}

}  // namespace slipway::emit::terraform
