// api.tf: the API Gateway HTTP API with its stage, access log, JWT authorizer, and one route, Lambda
// proxy integration and invoke permission per handler with an `http` trigger.
#include "derive/naming.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

namespace {

Expr strings(const std::vector<std::string>& values) {
  std::vector<Expr> items;
  for (const auto& v : values) items.push_back(Expr::str(v));
  return Expr::list(std::move(items));
}

Expr access_log_format() {
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"requestId", "$context.requestId"},
      {"requestTime", "$context.requestTime"},
      {"sourceIp", "$context.identity.sourceIp"},
      {"routeKey", "$context.routeKey"},
      {"status", "$context.status"},
      {"responseLength", "$context.responseLength"},
      {"integrationLatency", "$context.integrationLatency"},
      {"integrationError", "$context.integrationErrorMessage"},
      {"authorizerError", "$context.authorizer.error"},
  };
  std::vector<std::pair<std::string, Expr>> items;
  for (const auto& [k, v] : fields) items.emplace_back(k, Expr::str(v));
  return Expr::call("jsonencode", {Expr::object(std::move(items))});
}

}  // namespace

void emit_api(Module& m) {
  const model::System& s = m.sys;
  if (!s.api) return;
  const model::Api& api = *s.api;
  const std::string_view file = "api.tf";

  Block& r = m.resource(file, "aws_apigatewayv2_api", "http");
  r.attr("name", prefixed(s, derive::aws_name(s, "api")));
  r.attr("protocol_type", Expr::str("HTTP"));
  if (!api.cors_origins.empty()) {
    r.block("cors_configuration")
        .attr("allow_origins", strings(api.cors_origins))
        .attr("allow_methods", strings({"DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"}))
        .attr("allow_headers", strings({"authorization", "content-type"}))
        .attr("max_age", Expr::num(3600));
  }

  m.resource(file, "aws_cloudwatch_log_group", "api_access")
      .attr("name", Expr::tmpl({hcl::lit("/aws/apigateway/"), hcl::interp("local.prefix"), hcl::lit("-api")}))
      .attr("retention_in_days", Expr::num(14));

  Block& stage = m.resource(file, "aws_apigatewayv2_stage", "default");
  stage.attr("api_id", Expr::raw("aws_apigatewayv2_api.http.id"));
  stage.attr("name", Expr::str(api.stage));
  stage.attr("auto_deploy", Expr::boolean(true));
  stage.block("access_log_settings")
      .attr("destination_arn", Expr::raw("aws_cloudwatch_log_group.api_access.arn"))
      .attr("format", access_log_format());
  stage.block("default_route_settings")
      .attr("throttling_burst_limit", Expr::num(100))
      .attr("throttling_rate_limit", Expr::num(50));

  bool jwt = false;
  for (const auto& h : s.handlers) jwt = jwt || (h.http && h.http->auth);
  if (jwt) {
    Block& a = m.resource(file, "aws_apigatewayv2_authorizer", "jwt");
    a.attr("api_id", Expr::raw("aws_apigatewayv2_api.http.id"));
    a.attr("name", Expr::str("jwt"));
    a.attr("authorizer_type", Expr::str("JWT"));
    a.attr("identity_sources", Expr::list({Expr::str("$request.header.Authorization")}));
    Block& c = a.block("jwt_configuration");
    if (api.jwt_issuer.empty()) {
      c.attr("issuer", Expr::raw("var.jwt_issuer"));
      c.attr("audience", Expr::raw("var.jwt_audience"));
    } else {
      c.attr("issuer", Expr::str(api.jwt_issuer));
      c.attr("audience", strings(api.jwt_audience));
    }
  }

  for (const auto& h : s.handlers) {
    if (!h.http) continue;
    const std::string id = derive::tf_id(h.name);
    Block& i = m.resource(file, "aws_apigatewayv2_integration", id);
    i.attr("api_id", Expr::raw("aws_apigatewayv2_api.http.id"));
    i.attr("integration_type", Expr::str("AWS_PROXY"));
    i.attr("integration_uri", Expr::raw("aws_lambda_function." + id + ".invoke_arn"));
    i.attr("integration_method", Expr::str("POST"));
    i.attr("payload_format_version", Expr::str("2.0"));

    Block& route = m.resource(file, "aws_apigatewayv2_route", id);
    route.attr("api_id", Expr::raw("aws_apigatewayv2_api.http.id"));
    route.attr("route_key", Expr::str(h.http->method + " " + h.http->path));
    route.attr("target", Expr::tmpl({hcl::lit("integrations/"), hcl::interp("aws_apigatewayv2_integration." + id + ".id")}));
    if (h.http->auth) {
      route.attr("authorization_type", Expr::str("JWT"));
      route.attr("authorizer_id", Expr::raw("aws_apigatewayv2_authorizer.jwt.id"));
    } else {
      route.attr("authorization_type", Expr::str("NONE"));
    }

    const std::string method = h.http->method == "ANY" ? "*" : h.http->method;
    Block& p = m.resource(file, "aws_lambda_permission", id + "_from_api");
    p.attr("statement_id", Expr::str("AllowHttpApiRoute"));
    p.attr("action", Expr::str("lambda:InvokeFunction"));
    p.attr("function_name", Expr::raw("aws_lambda_function." + id + ".function_name"));
    p.attr("principal", Expr::str("apigateway.amazonaws.com"));
    p.attr("source_arn", Expr::tmpl({hcl::interp("aws_apigatewayv2_api.http.execution_arn"),
                                     hcl::lit("/*/" + method + h.http->path)}));
  }
}

}  // namespace slipway::emit::terraform
