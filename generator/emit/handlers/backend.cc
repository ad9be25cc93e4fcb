// Placeholder until the handlers backend lands; emits nothing.
#include "emit/backend.h"

namespace slipway::emit {

namespace {
class HandlersBackend final : public Backend {
 public:
  std::string name() const override { return "handlers"; }
  void emit(const model::Program&, const Options&, base::OutputSet&, base::Diagnostics&) const override {}
};
}  // namespace

std::unique_ptr<Backend> make_handlers_backend() { return std::make_unique<HandlersBackend>(); }

}  // namespace slipway::emit
