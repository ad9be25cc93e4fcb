// Placeholder until the terraform backend lands; emits nothing.
#include "emit/backend.h"

namespace slipway::emit {

namespace {
class TerraformBackend final : public Backend {
 public:
  std::string name() const override { return "terraform"; }
  void emit(const model::Program&, const Options&, base::OutputSet&, base::Diagnostics&) const override {}
};
}  // namespace

std::unique_ptr<Backend> make_terraform_backend() { return std::make_unique<TerraformBackend>(); }

}  // namespace slipway::emit
