// Every name a spec uses must be declared: events, buses, handlers, workflows, queues, topics, tables,
// buckets, flags, and the things `${...}` references point at.
#include "check/passes.h"
#include "check/util.h"

namespace slipway::check {

namespace {

void check_text_refs(const model::System& s, const model::Text& t, const std::string& who, base::Diagnostics& d) {
  for (const auto& p : t.parts) {
    if (!p.ref) continue;
    const model::Ref& r = *p.ref;
    bool found = r.kind == "flags" ? s.flag(r.name) != nullptr
                 : r.kind == "buckets" ? s.bucket(r.name) != nullptr
                 : r.kind == "tables" ? s.table(r.name) != nullptr
                 : r.kind == "queues" ? s.queue(r.name) != nullptr
                 : r.kind == "topics" ? s.topic(r.name) != nullptr
                 : r.kind == "secrets" ? s.secret(r.name) != nullptr
                 : r.kind == "parameters" ? s.parameter(r.name) != nullptr
                 : r.kind == "buses" ? (s.bus(r.name) != nullptr || r.name == "default")
                 : r.kind == "handlers" ? s.handler(r.name) != nullptr
                 : r.kind == "workflows" ? s.workflow(r.name) != nullptr
                 : r.kind == "schedules" ? s.schedule(r.name) != nullptr
                                         : false;
    if (found) continue;
    std::vector<std::string> cands = r.kind == "flags" ? names_of(s.flags) : r.kind == "buckets" ? names_of(s.buckets)
                                     : r.kind == "tables" ? names_of(s.tables) : r.kind == "queues" ? names_of(s.queues)
                                     : r.kind == "topics" ? names_of(s.topics) : r.kind == "handlers" ? names_of(s.handlers)
                                     : r.kind == "workflows" ? names_of(s.workflows) : r.kind == "secrets" ? names_of(s.secrets)
                                     : r.kind == "parameters" ? names_of(s.parameters) : r.kind == "buses" ? names_of(s.buses)
                                     : r.kind == "schedules" ? names_of(s.schedules) : std::vector<std::string>{};
    std::string kind = r.kind == "flags" ? "flag" : r.kind.substr(0, r.kind.size() - 1);
    if (r.kind == "buses") kind = "bus";
    auto& diag = unknown(d, t.span, who, kind, r.name, cands);
    if (r.kind == "flags" && diag.fix.empty()) diag.fix = "declare it under 'flags:'";
  }
}

void check_toggle(const model::System& s, const model::Toggle& t, base::Span span, const std::string& who,
                  base::Diagnostics& d) {
  if (t.flag.empty() || s.flag(t.flag)) return;
  auto& diag = unknown(d, span, who, "flag", t.flag, names_of(s.flags));
  if (diag.fix.empty()) diag.fix = "declare it under 'flags:'";
}

void check_queue(const model::System& s, const std::string& name, base::Span span, const std::string& who,
                 base::Diagnostics& d) {
  if (!name.empty() && !s.queue(name)) unknown(d, span, who, "queue", name, names_of(s.queues));
}

void check_target(const model::System& s, const model::Target& t, const std::string& who, base::Diagnostics& d) {
  switch (t.kind) {
    case model::TargetKind::Handler:
      if (!s.handler(t.name)) unknown(d, t.span, who, "handler", t.name, names_of(s.handlers));
      break;
    case model::TargetKind::Workflow:
      if (!s.workflow(t.name)) unknown(d, t.span, who, "workflow", t.name, names_of(s.workflows));
      break;
    case model::TargetKind::Queue: check_queue(s, t.name, t.span, who, d); break;
    case model::TargetKind::Topic:
      if (!s.topic(t.name)) unknown(d, t.span, who, "topic", t.name, names_of(s.topics));
      break;
    case model::TargetKind::Bus:
      if (t.name.rfind("arn:", 0) != 0 && !s.bus(t.name)) {
        auto& diag = unknown(d, t.span, who, "bus", t.name, names_of(s.buses));
        if (diag.fix.empty()) diag.fix = "name a declared bus or an event-bus ARN";
      }
      break;
    case model::TargetKind::Event:
      if (!s.event(t.name)) unknown(d, t.span, who, "event", t.name, names_of(s.events));
      break;
  }
  check_queue(s, t.dlq, t.span, who + " (dlq)", d);
}

}  // namespace

void check_references(const model::System& s, base::Diagnostics& d) {
  for (const auto& e : s.events) {
    if (e.bus != "default" && !s.bus(e.bus)) unknown(d, e.bus_span.known() ? e.bus_span : e.span, "event " + q(e.name), "bus", e.bus, names_of(s.buses));
  }
  for (const auto& qu : s.queues) {
    check_queue(s, qu.dlq, qu.span, "queue " + q(qu.name), d);
    if (qu.dlq == qu.name) d.error("bad-dlq", qu.span, "queue " + q(qu.name) + " cannot be its own dead-letter queue");
  }
  for (const auto& t : s.topics) {
    for (const auto& sub : t.subscriptions) {
      if (sub.protocol == "sqs") check_queue(s, sub.target, sub.span, "topic " + q(t.name), d);
      if (sub.protocol == "lambda" && !s.handler(sub.target)) {
        unknown(d, sub.span, "topic " + q(t.name), "handler", sub.target, names_of(s.handlers));
      }
    }
  }
  for (const auto& h : s.handlers) {
    std::string who = "handler " + q(h.name);
    for (const auto& e : h.emits) {
      if (!s.event(e)) unknown(d, h.emits_span, who, "event", e, names_of(s.events));
    }
    for (const auto& w : h.starts) {
      if (!s.workflow(w)) unknown(d, h.starts_span, who, "workflow", w, names_of(s.workflows));
    }
    if (h.s3 && !h.s3->bucket.empty() && !s.bucket(h.s3->bucket)) unknown(d, h.s3->span, who, "bucket", h.s3->bucket, names_of(s.buckets));
    if (h.stream) {
      const model::Table* t = s.table(h.stream->table);
      if (!t) {
        unknown(d, h.stream->span, who, "table", h.stream->table, names_of(s.tables));
      } else if (t->stream.empty()) {
        d.error("no-stream", h.stream->span, who + " reads the stream of table " + q(t->name) + ", which has no stream")
            .fix = "add 'stream: new_and_old_images' to table " + q(t->name);
      }
      check_queue(s, h.stream->dlq, h.stream->span, who + " (stream dlq)", d);
    }
    if (h.queue) check_queue(s, h.queue->queue, h.queue->span, who, d);
    check_queue(s, h.dlq, h.span, who + " (async dlq)", d);
    for (const auto& v : h.env) check_text_refs(s, v.value, who + " env " + q(v.name), d);
  }
  for (const auto& w : s.workflows) {
    if (!w.input_event.empty() && !s.event(w.input_event)) {
      unknown(d, w.input_span.known() ? w.input_span : w.span, "workflow " + q(w.name) + " input", "event", w.input_event, names_of(s.events));
    }
  }
  for (const auto& r : s.rules) {
    std::string who = "rule " + q(r.name);
    if (!r.event.empty() && !s.event(r.event)) unknown(d, r.event_span.known() ? r.event_span : r.span, who, "event", r.event, names_of(s.events));
    check_toggle(s, r.enabled, r.enabled.span.known() ? r.enabled.span : r.span, who, d);
    for (const auto& t : r.targets) check_target(s, t, who, d);
  }
  for (const auto& sc : s.schedules) {
    std::string who = "schedule " + q(sc.name);
    check_toggle(s, sc.enabled, sc.enabled.span.known() ? sc.enabled.span : sc.span, who, d);
    if (!sc.target.name.empty()) check_target(s, sc.target, who, d);
  }
  if (!s.alarms.topic.empty() && !s.topic(s.alarms.topic)) {
    unknown(d, s.alarms.span, "'alarms'", "topic", s.alarms.topic, names_of(s.topics));
  }
}

}  // namespace slipway::check
