// S3 event notifications as Lambda receives them (one or more Records).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slipway/json.h"
#include "slipway/timestamp.h"

namespace slipway::s3 {

struct Record {
  std::string event_name;  // "ObjectCreated:Put", "ObjectRemoved:Delete", ...
  Timestamp event_time;
  std::string region;
  std::string bucket;      // bucket name
  std::string bucket_arn;
  std::string key;         // object key, URL-decoded ("photos/my cat.jpg")
  std::optional<std::int64_t> size;  // absent for removals
  std::string etag;
  std::string version_id;  // "" on unversioned buckets
  std::string sequencer;
};

// True when the payload is an S3 notification.
bool is_notification(const nlohmann::json& j);
// Reads every record; keys are URL-decoded. Throws PayloadError naming the field.
std::vector<Record> read_notification(const nlohmann::json& j);
// S3 encodes keys in notifications like form data: '+' is a space, %XX a byte.
std::string decode_key(std::string_view encoded);

}  // namespace slipway::s3
