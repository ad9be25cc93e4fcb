// The EventBridge envelope that a rule delivers to a Lambda target, with a typed `detail`.
#pragma once
#include <string>
#include <vector>

#include "slipway/json.h"
#include "slipway/timestamp.h"

namespace slipway {

template <class Detail>
struct Event {
  std::string version = "0";
  std::string id;
  std::string detail_type;  // "detail-type"
  std::string source;
  std::string account;
  Timestamp time;
  std::string region;
  std::vector<std::string> resources;
  Detail detail{};
};

// A rule's `schedule:` (rate or cron) delivers this: source "aws.events", detail-type "Scheduled Event".
using ScheduledEvent = Event<nlohmann::json>;

// True when j looks like an EventBridge envelope with this source and detail-type.
bool is_event(const nlohmann::json& j, std::string_view source, std::string_view detail_type);

template <class Detail>
void read_value(const nlohmann::json& j, const std::string& path, Event<Detail>& out) {
  expect_object(j, path);
  read_field_or_default(j, path, "version", out.version);
  read_field(j, path, "id", out.id);
  read_field(j, path, "detail-type", out.detail_type);
  read_field(j, path, "source", out.source);
  read_field(j, path, "account", out.account);
  read_field(j, path, "time", out.time);
  read_field(j, path, "region", out.region);
  read_field_or_default(j, path, "resources", out.resources);
  auto it = j.find("detail");
  if (it == j.end()) throw PayloadError(member_path(path, "detail"), "required field is missing");
  read_value(*it, member_path(path, "detail"), out.detail);
}

template <class Detail>
void to_json(nlohmann::json& j, const Event<Detail>& e) {
  j = nlohmann::json::object();
  j["version"] = e.version;
  j["id"] = e.id;
  j["detail-type"] = e.detail_type;
  j["source"] = e.source;
  j["account"] = e.account;
  j["time"] = e.time;
  j["region"] = e.region;
  j["resources"] = e.resources;
  j["detail"] = e.detail;
}

}  // namespace slipway
