// The validation passes, one file each.
#pragma once
#include "base/diagnostic.h"
#include "model/model.h"

namespace slipway::check {

void check_references(const model::System& system, base::Diagnostics& diags);  // references.cc
void check_names(const model::System& system, base::Diagnostics& diags);       // names.cc
void check_limits(const model::System& system, base::Diagnostics& diags);      // limits.cc
void check_event_flow(const model::System& system, base::Diagnostics& diags);  // event_flow.cc
void check_workflows(const model::System& system, base::Diagnostics& diags);   // workflows.cc
void check_iam(const model::System& system, base::Diagnostics& diags);         // iam.cc

}  // namespace slipway::check
