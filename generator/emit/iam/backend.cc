// Placeholder until the iam backend lands; emits nothing.
#include "emit/backend.h"

namespace slipway::emit {

namespace {
class IamBackend final : public Backend {
 public:
  std::string name() const override { return "iam"; }
  void emit(const model::Program&, const Options&, base::OutputSet&, base::Diagnostics&) const override {}
};
}  // namespace

std::unique_ptr<Backend> make_iam_backend() { return std::make_unique<IamBackend>(); }

}  // namespace slipway::emit
