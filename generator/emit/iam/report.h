// The permissions report (iam/<env>/README.md): who may do what to which resource, for reviewers.
#pragma once
#include <string>

#include "derive/iam.h"
#include "model/model.h"

namespace slipway::emit::iam {

std::string permissions_report(const model::System& system, const derive::IamModel& iam);

}  // namespace slipway::emit::iam
