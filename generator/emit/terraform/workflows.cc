// workflows.tf: Step Functions state machines (definitions from statemachines/<name>.asl.json) and their
// log groups.
#include "derive/naming.h"
#include "derive/workflow.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

void emit_workflows(Module& m) {
  const model::System& s = m.sys;
  for (const auto& w : s.workflows) {
    const std::string id = derive::tf_id(w.name);
    const bool logging = w.logging && w.log_level != "OFF";
    if (logging) {
      Block& log = m.resource("workflows.tf", "aws_cloudwatch_log_group", "sfn_" + id);
      log.attr("name", prefixed(s, derive::workflow_log_group(s, w.name)));
      log.attr("retention_in_days", Expr::num(w.log_retention_days));
    }
    Block& sm = m.resource("workflows.tf", "aws_sfn_state_machine", id);
    sm.attr("name", prefixed(s, derive::aws_name(s, w.name)));
    sm.attr("type", Expr::str(w.type));
    sm.attr("role_arn", Expr::raw(role_arn("sfn_" + id)));
    std::vector<std::pair<std::string, Expr>> vars;
    for (const auto& [k, v] : derive::workflow_template_vars(s, w)) vars.emplace_back(k, Expr::raw(v));
    sm.attr("definition",
            Expr::call("templatefile", {Expr::tmpl({hcl::interp("path.module"),
                                                    hcl::lit("/../../statemachines/" + w.name + ".asl.json")}),
                                        Expr::object(std::move(vars))}));
    if (logging) {
      sm.block("logging_configuration")
          .attr("log_destination", Expr::tmpl({hcl::interp("aws_cloudwatch_log_group.sfn_" + id + ".arn"), hcl::lit(":*")}))
          .attr("include_execution_data", Expr::boolean(true))
          .attr("level", Expr::str(w.log_level));
    }
    sm.block("tracing_configuration").attr("enabled", Expr::boolean(w.tracing));
    m.depends_on_grants(sm, "sfn_" + id);
  }
}

}  // namespace slipway::emit::terraform
