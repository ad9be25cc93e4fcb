// Placeholder until the ASL backend lands.
#include "derive/workflow.h"

namespace slipway::derive {

WorkflowTouches workflow_touches(const model::Workflow&) { return {}; }
std::map<std::string, std::string> workflow_template_vars(const model::System&, const model::Workflow&) {
  return {};
}

}  // namespace slipway::derive
