// The shape of an IAM action in a raw `aws:` grant: "service:Action" (wildcards allowed) or "*".
#pragma once
#include <string>

namespace slipway::model {

inline bool is_iam_action(const std::string& a) {
  auto colon = a.find(':');
  return a == "*" || (colon != std::string::npos && colon != 0 && colon + 1 != a.size());
}

}  // namespace slipway::model
