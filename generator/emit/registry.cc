#include "emit/backend.h"

namespace slipway::emit {

std::vector<std::unique_ptr<Backend>> all_backends() {
  std::vector<std::unique_ptr<Backend>> out;
  out.push_back(make_terraform_backend());
  out.push_back(make_asl_backend());
  out.push_back(make_iam_backend());
  out.push_back(make_handlers_backend());
  out.push_back(make_graph_backend());
  return out;
}

base::OutputSet emit_all(const model::Program& program, const Options& options, base::Diagnostics& diags) {
  base::OutputSet out;
  for (const auto& b : all_backends()) b->emit(program, options, out, diags);
  return out;
}

}  // namespace slipway::emit
