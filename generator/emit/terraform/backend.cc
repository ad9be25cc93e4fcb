// The Terraform backend: one root module per environment under terraform/<env>/.
#include <stdexcept>

#include "derive/naming.h"
#include "emit/backend.h"
#include "emit/terraform/module.h"

namespace slipway::emit {

namespace terraform {

std::map<std::string, std::string> build_module(const model::System& s) {
  return build_module(s, derive::derive_iam(s));
}

void build_module(const model::System& s, const derive::IamModel& iam, base::FileSink& out,
                  const std::string& folder) {
  Module m(s, iam, out, folder);
  // Each file is printed and handed on as soon as the emitters that write it are done, and its tree freed:
  // kept until the last emitter had run, the trees of a module were the largest working data of a build
  // (the backend alone at N=10,000 peaked at 264 MB, 187 MB since), and its texts (320 MB at N=100,000)
  // were held until the variables file had searched them. The emitters of the largest files also print
  // them in pieces as they go (Module::print_piece).
  auto print = [&](std::string_view name) { m.finish(name); };
  emit_iam(m);  // first: functions and state machines depend on their roles' policies (Module::role_grants)
  print("iam.tf");
  emit_versions(m);
  print("versions.tf");
  emit_events(m);
  emit_schedules(m);
  print("events.tf");
  emit_handlers(m);
  emit_workflows(m);
  print("workflows.tf");
  emit_storage(m);
  emit_messaging(m);  // queue and topic subscriptions: into storage.tf and handlers.tf
  print("handlers.tf");
  print("storage.tf");
  emit_api(m);
  print("api.tf");
  emit_alarms(m);
  print("alarms.tf");
  emit_outputs(m);
  print("outputs.tf");
  // Variables and locals come last: locals are declared only when the rest reads them.
  emit_variables(m);
  print("variables.tf");
  for (auto f : kFiles) {
    if (!m.printed.contains(f)) throw std::logic_error("terraform: " + std::string(f) + " was never printed");
  }
  if (!m.files.empty()) throw std::logic_error("terraform: " + m.files.begin()->first + " is not in the layout");
}

std::map<std::string, std::string> build_module(const model::System& s, const derive::IamModel& iam) {
  base::OutputSet files;
  base::CollectFiles sink(files);
  build_module(s, iam, sink, "");
  std::map<std::string, std::string> out;
  for (auto& [name, file] : files) out.emplace(name, std::move(file.content));
  return out;
}

namespace {
class TerraformBackend final : public Backend {
 public:
  std::string name() const override { return "terraform"; }
  void emit(const model::Program& program, const Options&, const Derived& derived, base::FileSink& out,
            base::Diagnostics&) const override {
    for (const auto& system : program.systems) {
      build_module(system, derived.iam(system), out, "terraform/" + system.environment + "/");
    }
  }
};
}  // namespace

}  // namespace terraform

std::unique_ptr<Backend> make_terraform_backend() { return std::make_unique<terraform::TerraformBackend>(); }

}  // namespace slipway::emit
