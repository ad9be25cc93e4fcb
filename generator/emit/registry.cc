#include <algorithm>
#include <stdexcept>

#include "base/in_turn.h"
#include "emit/backend.h"

namespace slipway::emit {

Derived::Derived(const model::Program& program) : program_(program) {
  for (std::size_t i = 0; i < program.systems.size(); ++i) slots_.push_back(std::make_unique<Slot>());
}

Derived::~Derived() = default;

const derive::IamModel& Derived::iam(const model::System& system) const {
  const auto* first = program_.systems.data();
  if (&system < first || &system >= first + program_.systems.size()) {
    throw std::logic_error("Derived::iam: system '" + system.name + "' is not one of the program's");
  }
  Slot& slot = *slots_[static_cast<std::size_t>(&system - first)];
  std::call_once(slot.once, [&] { slot.iam = derive::derive_iam(system); });
  return slot.iam;
}

std::vector<std::unique_ptr<Backend>> all_backends() {
  std::vector<std::unique_ptr<Backend>> out;
  out.push_back(make_terraform_backend());
  out.push_back(make_asl_backend());
  out.push_back(make_iam_backend());
  out.push_back(make_handlers_backend());
  out.push_back(make_graph_backend());
  return out;
}

// The backends read the program and write only their own output, so they run side by side, on as many
// threads as the machine has cores (at most one per backend), each thread taking the next backend not yet
// started: Terraform and the handlers (the costliest, about even) first, then the graph and ASL, and IAM
// last. Terraform holds the largest working data (the module's HCL tree), so the IAM outputs (a tenth of
// the total) should not be made while that tree is alive when the output is held until it is written: at
// N=10,000 the peak fell from 436 to 427 MB (median of 7) with this order. Fewer threads than backends
// also bound the memory: only that many backends' working data is alive at once.
void emit_into(const model::Program& program, const Options& options,
               const std::function<base::FileSink&(std::size_t)>& sink_for, base::Diagnostics& diags) {
  std::vector<std::unique_ptr<Backend>> backends = all_backends();
  std::vector<base::Diagnostics> found(backends.size());
  std::vector<std::size_t> order(backends.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto rank = [&](std::size_t i) {
    const std::string n = backends[i]->name();
    return n == "terraform" ? 0 : n == "handlers" ? 1 : n == "graph" ? 2 : n == "asl" ? 3 : 4;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });

  const Derived derived(program);
  base::in_turn(order.size(), base::cores(backends.size()), [&](std::size_t k) {
    const std::size_t i = order[k];
    backends[i]->emit(program, options, derived, sink_for(i), found[i]);
  });  // rethrows what a backend threw
  for (auto& d : found) diags.append(d);
}

base::OutputSet emit_all(const model::Program& program, const Options& options, base::Diagnostics& diags) {
  // One set per backend (each copy of a text is made to its size: the sets are kept until they are written).
  class Part final : public base::FileSink {
   public:
    using base::FileSink::add;
    void add(std::string path, std::string_view content, base::Ownership ownership) override {
      files.insert_or_assign(std::move(path), base::OutputFile{std::string(content), ownership});
    }
    base::OutputSet files;
  };
  std::vector<Part> parts(all_backends().size());
  emit_into(program, options, [&](std::size_t i) -> base::FileSink& { return parts[i]; }, diags);

  // Each set's nodes move into one; a path a later backend wrote too takes the later file. A backend's
  // paths come in order and mostly fill one gap between another's (handlers/, iam/, terraform/), so each
  // goes in next to the one before it, without a search of the whole set.
  base::OutputSet out;
  for (Part& part : parts) {
    if (out.empty()) {
      out = std::move(part.files);
      continue;
    }
    auto hint = out.end();
    while (!part.files.empty()) {
      auto node = part.files.extract(part.files.begin());
      auto at = out.insert(hint, std::move(node));
      if (node) at->second = std::move(node.mapped());  // the path was there: the later file wins
      hint = std::next(at);
    }
  }
  return out;
}

}  // namespace slipway::emit
