// events.tf, EventBridge Scheduler part: schedule groups for run-time one-off schedules, recurring
// schedules, and the `schedule:` triggers of handlers.
#include "derive/naming.h"
#include "emit/terraform/module.h"

namespace slipway::emit::terraform {

namespace {

void flexible_window(Block& schedule, const std::optional<int>& minutes) {
  Block& w = schedule.block("flexible_time_window");
  if (minutes && *minutes > 0) {
    w.attr("mode", Expr::str("FLEXIBLE"));
    w.attr("maximum_window_in_minutes", Expr::num(*minutes));
  } else {
    w.attr("mode", Expr::str("OFF"));
  }
}

// The target block of a schedule (the ARN it invokes and the role it invokes with).
void schedule_target(const model::System& s, Block& schedule, const model::Target& t, const model::Json& detail,
                     const std::string& role) {
  Block& target = schedule.block("target");
  target.attr("arn", target_arn(s, t));
  target.attr("role_arn", Expr::raw(role_arn(role)));
  if (t.kind == model::TargetKind::Event) {
    target.attr("input", Expr::call("jsonencode", {Expr::json(detail.is_null() ? model::Json::object() : detail)}));
  } else if (!t.input.shape.is_null()) {
    target.attr("input", Expr::call("jsonencode", {Expr::json(t.input.shape)}));
  }
  if (t.kind == model::TargetKind::Event) {
    if (const model::Event* e = s.event(t.name)) {
      target.block("eventbridge_parameters")
          .attr("detail_type", Expr::str(e->detail_type))
          .attr("source", Expr::str(e->source));
    }
  }
  if (t.kind == model::TargetKind::Queue && !t.message_group_id.empty()) {
    target.block("sqs_parameters").attr("message_group_id", Expr::str(t.message_group_id));
  }
  if (t.retry) {
    target.block("retry_policy")
        .attr("maximum_event_age_in_seconds", Expr::num(t.retry->max_age_seconds))
        .attr("maximum_retry_attempts", Expr::num(t.retry->attempts));
  }
  if (!t.dlq.empty()) target.block("dead_letter_config").attr("arn", Expr::raw(queue_arn(t.dlq)));
}

}  // namespace

void emit_schedules(Module& m) {
  const model::System& s = m.sys;
  const std::string_view file = "events.tf";
  for (const auto& sc : s.schedules) {
    const std::string id = derive::tf_id(sc.name);
    if (sc.is_group()) {
      Block& g = m.resource(file, "aws_scheduler_schedule_group", id);
      g.attr("name", prefixed(s, derive::aws_name(s, sc.name)));
      continue;
    }
    Block& schedule = m.resource(file, "aws_scheduler_schedule", id);
    schedule.attr("name", prefixed(s, derive::aws_name(s, sc.name)));
    if (!sc.description.empty()) schedule.attr("description", Expr::str(sc.description));
    schedule.attr("group_name", Expr::str("default"));
    schedule.attr("schedule_expression", Expr::str(sc.schedule.expression));
    if (!sc.schedule.timezone.empty()) {
      schedule.attr("schedule_expression_timezone", Expr::str(sc.schedule.timezone));
    }
    schedule.attr("state", state_expr(sc.enabled));
    flexible_window(schedule, sc.flexible_window_minutes);
    schedule_target(s, schedule, sc.target, sc.event_detail, "scheduler_" + id);
  }

  for (const auto& h : s.handlers) {
    if (!h.schedule) continue;
    const std::string id = derive::tf_id(h.name);
    Block& schedule = m.resource(file, "aws_scheduler_schedule", id);
    schedule.attr("name", prefixed(s, derive::aws_name(s, h.name)));
    schedule.attr("description", Expr::str("Invokes the " + h.name + " handler on its schedule."));
    schedule.attr("group_name", Expr::str("default"));
    schedule.attr("schedule_expression", Expr::str(h.schedule->schedule.expression));
    if (!h.schedule->schedule.timezone.empty()) {
      schedule.attr("schedule_expression_timezone", Expr::str(h.schedule->schedule.timezone));
    }
    flexible_window(schedule, std::nullopt);
    model::Target t;
    t.kind = model::TargetKind::Handler;
    t.name = h.name;
    t.input.shape = h.schedule->input;
    schedule_target(s, schedule, t, model::Json(), "scheduler_" + id);
  }
}

// The environment a handler with `create` use on a schedule group needs to make one-off schedules there.
std::vector<std::pair<std::string, Expr>> schedule_group_environment(const model::System& s, const model::Handler& h) {
  std::vector<std::pair<std::string, Expr>> env;
  for (const auto& u : h.uses) {
    if (u.kind != model::ResourceKind::ScheduleGroup) continue;
    const model::Schedule* sc = s.schedule(u.name);
    if (!sc || !sc->is_group()) continue;
    const std::string id = derive::tf_id(sc->name);
    const std::string key = "SCHEDULE_GROUP_" + env_name(sc->name);
    env.emplace_back(derive::env_var("schedule_group", sc->name, "name"), Expr::raw("aws_scheduler_schedule_group." + id + ".name"));
    env.emplace_back(key + "_TARGET_ARN", target_arn(s, sc->target));
    env.emplace_back(key + "_ROLE_ARN", Expr::raw(role_arn("scheduler_" + id)));
    if (!sc->target.dlq.empty()) env.emplace_back(key + "_DLQ_ARN", Expr::raw(queue_arn(sc->target.dlq)));
  }
  return env;
}

}  // namespace slipway::emit::terraform
