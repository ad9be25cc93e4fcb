// DynamoDB Streams records as Lambda receives them, with images converted from DynamoDB's attribute-value
// JSON ({"S": "x"}, {"N": "1"}) to plain JSON, and the item's key read into a typed struct.
// The event source mapping must have function_response_types = ["ReportBatchItemFailures"].
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "slipway/json.h"
#include "slipway/log.h"

namespace slipway::dynamodb {

// Plain JSON from one attribute value ({"S": "x"} -> "x", {"N": "1.5"} -> 1.5, {"M": {...}} -> {...}, sets -> arrays,
// binary stays base64 text). Throws PayloadError naming the attribute.
nlohmann::json unmarshal_value(const nlohmann::json& attribute_value, const std::string& path);
// An item or key: {"name": {"S": "x"}} -> {"name": "x"}.
nlohmann::json unmarshal(const nlohmann::json& item, const std::string& path);

template <class Key>
struct StreamRecord {
  std::string event_id;
  std::string event_name;         // "INSERT", "MODIFY" or "REMOVE"
  std::string event_source_arn;
  std::string sequence_number;
  double approximate_creation_time = 0;  // seconds since the epoch
  std::string stream_view_type;   // NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES or KEYS_ONLY
  Key keys{};
  std::optional<nlohmann::json> new_image;  // INSERT, MODIFY (when the stream carries new images)
  std::optional<nlohmann::json> old_image;  // MODIFY, REMOVE (when the stream carries old images)
};

bool is_stream_batch(const nlohmann::json& j);

template <class Key>
StreamRecord<Key> read_record(const nlohmann::json& record, const std::string& path) {
  expect_object(record, path);
  StreamRecord<Key> out;
  read_field(record, path, "eventID", out.event_id);
  read_field(record, path, "eventName", out.event_name);
  read_field_or_default(record, path, "eventSourceARN", out.event_source_arn);
  std::string d = member_path(path, "dynamodb");
  auto it = record.find("dynamodb");
  if (it == record.end()) throw PayloadError(d, "required field is missing");
  const nlohmann::json& body = expect_object(*it, d);
  read_field(body, d, "SequenceNumber", out.sequence_number);
  read_field_or_default(body, d, "ApproximateCreationDateTime", out.approximate_creation_time);
  read_field_or_default(body, d, "StreamViewType", out.stream_view_type);
  auto keys = body.find("Keys");
  if (keys == body.end()) throw PayloadError(member_path(d, "Keys"), "required field is missing");
  read_value(unmarshal(*keys, member_path(d, "Keys")), member_path(d, "Keys"), out.keys);
  if (auto n = body.find("NewImage"); n != body.end()) out.new_image = unmarshal(*n, member_path(d, "NewImage"));
  if (auto o = body.find("OldImage"); o != body.end()) out.old_image = unmarshal(*o, member_path(d, "OldImage"));
  return out;
}

// Runs `process` on each record in order and stops at the first that fails (malformed or throwing): it is
// reported in batchItemFailures by sequence number, so Lambda retries from there and order is kept.
nlohmann::json process_batch(const nlohmann::json& event, const Logger& log,
                             const std::function<void(const nlohmann::json& record, const std::string& path)>& process);

}  // namespace slipway::dynamodb
