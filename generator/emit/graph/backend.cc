// Placeholder until the graph backend lands; emits nothing.
#include "emit/backend.h"

namespace slipway::emit {

namespace {
class GraphBackend final : public Backend {
 public:
  std::string name() const override { return "graph"; }
  void emit(const model::Program&, const Options&, base::OutputSet&, base::Diagnostics&) const override {}
};
}  // namespace

std::unique_ptr<Backend> make_graph_backend() { return std::make_unique<GraphBackend>(); }

}  // namespace slipway::emit
