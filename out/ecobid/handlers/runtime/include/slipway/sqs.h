// SQS batches as Lambda receives them, processed with partial batch responses: a message whose handler
// throws is reported in `batchItemFailures` and comes back; the others are deleted.
// The event source mapping must have function_response_types = ["ReportBatchItemFailures"].
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "slipway/json.h"
#include "slipway/log.h"

namespace slipway::sqs {

// Body is std::string (the raw text) or a type read from the body's JSON.
template <class Body>
struct Message {
  using BodyType = Body;
  std::string message_id;
  std::string receipt_handle;
  std::string event_source_arn;
  std::map<std::string, std::string> attributes;          // ApproximateReceiveCount, SentTimestamp, ...
  std::map<std::string, std::string> message_attributes;  // String and Number attributes
  std::optional<std::string> message_group_id;            // FIFO queues
  int receive_count = 1;
  std::string raw_body;
  Body body{};
};

bool is_batch(const nlohmann::json& j);

// The envelope of one record, without the body (path is "Records[i]").
Message<std::string> read_envelope(const nlohmann::json& record, const std::string& path);

template <class Body>
Message<Body> read_message(const nlohmann::json& record, const std::string& path) {
  Message<std::string> m = read_envelope(record, path);
  Message<Body> out;
  out.message_id = std::move(m.message_id);
  out.receipt_handle = std::move(m.receipt_handle);
  out.event_source_arn = std::move(m.event_source_arn);
  out.attributes = std::move(m.attributes);
  out.message_attributes = std::move(m.message_attributes);
  out.message_group_id = std::move(m.message_group_id);
  out.receive_count = m.receive_count;
  out.raw_body = std::move(m.raw_body);
  if constexpr (std::is_same_v<Body, std::string>) {
    out.body = out.raw_body;
  } else {
    read_value(parse_json(out.raw_body, member_path(path, "body")), member_path(path, "body"), out.body);
  }
  return out;
}

// Runs `process` on each record. A record whose envelope or body is malformed, or whose handler throws, is
// logged and listed in batchItemFailures. On a FIFO queue the first failure also fails every later message
// (of any group), so that none is processed out of order. Returns {"batchItemFailures": [...]}.
nlohmann::json process_batch(const nlohmann::json& event, bool fifo, const Logger& log,
                             const std::function<void(const nlohmann::json& record, const std::string& path)>& process);

}  // namespace slipway::sqs
