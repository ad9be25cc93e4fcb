// SNS notifications delivered to a subscribed Lambda function.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "slipway/json.h"
#include "slipway/timestamp.h"

namespace slipway::sns {

struct Message {
  std::string message_id;
  std::string topic_arn;
  std::string subject;  // "" when none
  std::string message;  // the published text
  Timestamp timestamp;
  std::map<std::string, std::string> attributes;  // message attributes: name -> Value
};

bool is_notification(const nlohmann::json& j);
std::vector<Message> read_notification(const nlohmann::json& j);

}  // namespace slipway::sns
