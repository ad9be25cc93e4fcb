// The ASL backend: statemachines/<workflow>.asl.json for every workflow, read by Terraform through
// templatefile() with the placeholders of derive::workflow_template_vars.
#include "emit/asl/asl.h"
#include "emit/backend.h"

namespace slipway::emit {

namespace {

constexpr std::size_t kMaxDefinitionBytes = 1024 * 1024;  // Step Functions' limit on a definition

class AslBackend final : public Backend {
 public:
  std::string name() const override { return "asl"; }
  void emit(const model::Program& program, const Options&, const Derived&, base::FileSink& out,
            base::Diagnostics& diags) const override {
    if (program.systems.empty()) return;
    const model::System& system = program.systems.front();
    for (const auto& wf : system.workflows) {
      std::string text = asl::definition(system, wf).dump(2, ' ', false) + "\n";
      if (text.size() > kMaxDefinitionBytes) {
        diags.error("definition-too-large", wf.span,
                    "the definition of workflow '" + wf.name + "' is " + std::to_string(text.size()) +
                        " bytes; Step Functions accepts at most 1048576")
            .fix = "split it: move a part into its own workflow and `start:` it with `sync: true`";
      }
      out.add("statemachines/" + wf.name + ".asl.json", text, base::Ownership::Generated);
    }
  }
};

}  // namespace

std::unique_ptr<Backend> make_asl_backend() { return std::make_unique<AslBackend>(); }

}  // namespace slipway::emit
