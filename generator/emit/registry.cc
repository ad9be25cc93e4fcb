#include <future>

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

// The backends read the program and write only their own output, so they run side by side, each on its
// own thread into its own set; the results are then put together in the order of all_backends(), so the
// output and the diagnostics are the same as one backend after the other.
base::OutputSet emit_all(const model::Program& program, const Options& options, base::Diagnostics& diags) {
  struct Part {
    base::OutputSet files;
    base::Diagnostics diags;
  };
  std::vector<std::unique_ptr<Backend>> backends = all_backends();
  std::vector<std::future<Part>> parts;
  parts.reserve(backends.size());
  for (const auto& b : backends) {
    parts.push_back(std::async(std::launch::async, [&program, &options, backend = b.get()] {
      Part part;
      backend->emit(program, options, part.files, part.diags);
      return part;
    }));
  }
  base::OutputSet out;
  for (auto& f : parts) {
    Part part = f.get();
    diags.append(part.diags);
    if (out.empty()) {
      out = std::move(part.files);
      continue;
    }
    for (auto& [path, file] : part.files) out.insert_or_assign(path, std::move(file));
  }
  return out;
}

}  // namespace slipway::emit
