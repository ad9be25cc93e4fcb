// AWS service limits and settings that only fail at deploy time.
#include "check/passes.h"
#include "check/util.h"

namespace slipway::check {

void check_limits(const model::System& s, base::Diagnostics& d) {
  for (const auto& r : s.rules) {
    if (r.targets.size() > 5) {
      d.error("too-many-targets", r.span,
              "rule " + q(r.name) + " has " + std::to_string(r.targets.size()) + " targets; EventBridge allows at most 5 per rule")
          .fix = "split it into several rules with the same 'on' and 'match'";
    }
    for (const auto& t : r.targets) {
      if (t.kind == model::TargetKind::Queue) {
        const model::Queue* qu = s.queue(t.name);
        if (qu && qu->fifo && t.message_group_id.empty()) {
          d.error("missing-key", t.span, "rule " + q(r.name) + " sends to FIFO queue " + q(qu->name) + ", which needs 'message_group_id'");
        }
      }
      if (!t.dlq.empty()) {
        const model::Queue* dlq = s.queue(t.dlq);
        if (dlq && dlq->fifo) {
          d.error("bad-dlq", t.span, "rule " + q(r.name) + ": an EventBridge dead-letter queue must be a standard queue, and " + q(dlq->name) + " is FIFO");
        }
      }
    }
  }
  for (const auto& qu : s.queues) {
    if (!qu.dlq.empty()) {
      const model::Queue* dlq = s.queue(qu.dlq);
      if (dlq && dlq->fifo != qu.fifo) {
        d.error("bad-dlq", qu.span, "queue " + q(qu.name) + " and its dead-letter queue " + q(dlq->name) + " must both be FIFO or both standard");
      }
      if (dlq && dlq->retention_seconds.value_or(345600) < qu.retention_seconds.value_or(345600)) {
        d.warning("dlq-retention", qu.span,
                  "dead-letter queue " + q(dlq->name) + " keeps messages for less time than " + q(qu.name) +
                      "; messages can expire before anyone looks at them")
            .fix = "set 'retention_days: 14' on " + q(dlq->name);
      }
    }
  }
  for (const auto& h : s.handlers) {
    std::string who = "handler " + q(h.name);
    if (h.queue) {
      const model::Queue* qu = s.queue(h.queue->queue);
      if (qu && qu->visibility_timeout_seconds && *qu->visibility_timeout_seconds < h.timeout_seconds) {
        auto& diag = d.error("visibility-timeout", h.queue->span,
                             who + " has a timeout of " + std::to_string(h.timeout_seconds) + "s, longer than the visibility timeout of queue " +
                                 q(qu->name) + " (" + std::to_string(*qu->visibility_timeout_seconds) +
                                 "s): messages would be delivered again while still being processed");
        diag.notes.push_back({qu->span, "queue " + q(qu->name) + " is declared here"});
        diag.fix = "set 'visibility_timeout: " + std::to_string(h.timeout_seconds * 6) + "s' on the queue (AWS recommends six times the function timeout), or remove it to let slipway derive it";
      }
      if (qu && qu->fifo && h.queue->batching_window_seconds) {
        d.error("bad-value", h.queue->span, who + ": FIFO queues do not support a batching window");
      }
    }
    if (h.http && h.timeout_seconds > 30) {
      d.warning("api-timeout", h.http->span,
                who + " has a timeout of " + std::to_string(h.timeout_seconds) +
                    "s, but API Gateway HTTP APIs stop waiting after 30s")
          .fix = "keep HTTP handlers at 'timeout: 30s' or less, or hand long work to a queue or workflow";
    }
    if (!h.dlq.empty()) {
      const model::Queue* dlq = s.queue(h.dlq);
      if (dlq && dlq->fifo) d.error("bad-dlq", h.span, who + ": an asynchronous-invocation destination must be a standard queue, and " + q(dlq->name) + " is FIFO");
    }
  }
  for (const auto& w : s.workflows) {
    if (w.type == "EXPRESS" && w.timeout_seconds && *w.timeout_seconds > 300) {
      d.error("out-of-range", w.span, "workflow " + q(w.name) + " is express, and express workflows run at most 5 minutes");
    }
  }
}

}  // namespace slipway::check
