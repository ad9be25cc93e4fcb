// AWS name limits after `<system>-<env>-` prefixing, and bucket naming rules.
#include <cctype>

#include "check/passes.h"
#include "check/util.h"
#include "derive/naming.h"

namespace slipway::check {

namespace {

void limit(base::Diagnostics& d, base::Span span, const std::string& kind, const std::string& name,
           const std::string& aws, std::size_t max, const std::string& aws_kind) {
  if (aws.size() <= max) return;
  if (name.size() > 64) return;  // the name itself is already reported as invalid
  std::string what = kind + " " + q(name);
  auto& diag = d.error("name-too-long", span,
                       what + " becomes the " + aws_kind + " name '" + aws + "' (" + std::to_string(aws.size()) +
                           " characters), over AWS's limit of " + std::to_string(max));
  std::size_t over = aws.size() - max;
  diag.fix = "shorten the name by at least " + std::to_string(over) + (over == 1 ? " character" : " characters");
}

}  // namespace

void check_names(const model::System& s, base::Diagnostics& d) {
  for (const auto& h : s.handlers) {
    // The built-in templates put the shared runtime library in handlers/runtime/ (custom templates are
    // checked by the handlers backend, which sees them).
    if (h.name == "runtime") {
      d.error("output-path-clash", h.span,
              "handler 'runtime' would write its C++ project into handlers/runtime/, where the shared "
              "runtime library goes")
          .fix = "rename the handler";
    }
    limit(d, h.span, "handler", h.name, derive::aws_name(s, h.name), 64, "Lambda function");
    limit(d, h.span, "handler", h.name, derive::handler_role_name(s, h.name), 64, "IAM role");
  }
  for (const auto& w : s.workflows) {
    limit(d, w.span, "workflow", w.name, derive::aws_name(s, w.name), 80, "state machine");
    limit(d, w.span, "workflow", w.name, derive::workflow_role_name(s, w.name), 64, "IAM role");
  }
  for (const auto& r : s.rules) limit(d, r.span, "rule", r.name, derive::aws_name(s, r.name), 64, "EventBridge rule");
  for (const auto& qu : s.queues) limit(d, qu.span, "queue", qu.name, derive::queue_name(s, qu), 80, "SQS queue");
  for (const auto& t : s.topics) limit(d, t.span, "topic", t.name, derive::topic_name(s, t), 256, "SNS topic");
  for (const auto& t : s.tables) limit(d, t.span, "table", t.name, derive::aws_name(s, t.name), 255, "DynamoDB table");
  for (const auto& b : s.buses) {
    if (!b.is_default()) limit(d, b.span, "bus", b.name, derive::bus_name(s, b), 256, "event bus");
  }
  for (const auto& sc : s.schedules) {
    limit(d, sc.span, "schedule", sc.name, derive::aws_name(s, sc.name), 64, sc.is_group() ? "schedule group" : "schedule");
  }
  for (const auto& b : s.buckets) {
    std::string aws = derive::bucket_name(s, b.name);
    bool upper = false;
    for (char c : b.name) upper = upper || std::isupper(static_cast<unsigned char>(c));
    if (upper) {
      d.error("bad-bucket-name", b.span, "bucket name " + q(b.name) + " has capital letters, but S3 bucket names are lowercase")
          .fix = "write the bucket name in lowercase";
    }
    if (aws.size() < 3 || aws.size() > 63) {
      limit(d, b.span, "bucket", b.name, aws, 63, "S3 bucket");
    }
  }
  for (const auto& e : s.events) {
    if (e.detail_type.empty() || e.detail_type.size() > 128) {
      d.error("bad-value", e.span, "event " + q(e.name) + ": detail-type must be 1 to 128 characters");
    }
    if (e.source.size() > 256) d.error("bad-value", e.span, "event " + q(e.name) + ": source must be at most 256 characters");
  }
}

}  // namespace slipway::check
