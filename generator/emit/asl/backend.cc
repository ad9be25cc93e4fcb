// Placeholder until the asl backend lands; emits nothing.
#include "emit/backend.h"

namespace slipway::emit {

namespace {
class AslBackend final : public Backend {
 public:
  std::string name() const override { return "asl"; }
  void emit(const model::Program&, const Options&, base::OutputSet&, base::Diagnostics&) const override {}
};
}  // namespace

std::unique_ptr<Backend> make_asl_backend() { return std::make_unique<AslBackend>(); }

}  // namespace slipway::emit
