#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>

#include "base/in_turn.h"
#include "emit/backend.h"

namespace slipway::emit {

Derived::Derived(const model::Program& program) : program_(program) {
  for (std::size_t i = 0; i < program.systems.size(); ++i) slots_.push_back(std::make_unique<Slot>());
}

Derived::~Derived() = default;

Derived::Slot& Derived::slot(const model::System& system, const char* what) const {
  const auto* first = program_.systems.data();
  if (&system < first || &system >= first + program_.systems.size()) {
    throw std::logic_error(std::string("Derived::") + what + ": system '" + system.name +
                           "' is not one of the program's");
  }
  return *slots_[static_cast<std::size_t>(&system - first)];
}

const derive::IamModel& Derived::iam(const model::System& system) const {
  Slot& s = slot(system, "iam");
  std::call_once(s.once, [&] { s.iam = derive::derive_iam(system); });
  return s.iam;
}

const handlers::SourceIndex& Derived::sources(const model::System& system) const {
  Slot& s = slot(system, "sources");
  std::call_once(s.sources_once, [&] { s.sources = handlers::index_sources(system); });
  return s.sources;
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
// threads as the machine has cores, each thread taking the next part not yet started, the longest first:
// Terraform, then the graph and IAM, then the handlers backend's parts (together the costliest, about
// even with Terraform), then ASL. The handlers backend comes in parts so that the thread that finishes
// Terraform helps with it: in one piece, it ran alone at the end while the other thread idled (12 of 72
// ms at N=1,000, about 0.9 of 7.9 s at N=100,000). Its parts, each shorter than the graph or IAM, come
// last so that the threads finish close together: with IAM last (since it renders its documents itself,
// 100 -> 125 ms at N=10,000), N=10,000 and N=1,000 took 2 % longer; in this order 1.2 and 2.2 % less
// (medians of 11 and 21 pairs). Fewer threads than parts also bound the memory: only that many parts'
// working data is alive at once.
void emit_into(const model::Program& program, const Options& options,
               const std::function<base::FileSink&(std::size_t)>& sink_for, base::Diagnostics& diags) {
  std::vector<std::unique_ptr<Backend>> backends = all_backends();
  struct Unit {
    std::size_t backend;
    std::size_t part;
    std::size_t number;  // for sink_for: backend by backend, part by part
  };
  std::vector<Unit> units;
  for (std::size_t i = 0; i < backends.size(); ++i) {
    const std::size_t n = std::max<std::size_t>(1, backends[i]->parts(program));
    for (std::size_t k = 0; k < n; ++k) units.push_back({i, k, units.size()});
  }
  auto rank = [&](const Unit& u) {
    const std::string n = backends[u.backend]->name();
    return n == "terraform" ? 0 : n == "graph" ? 1 : n == "iam" ? 2 : n == "handlers" ? 3 : 4;
  };
  std::vector<Unit> order = units;
  std::stable_sort(order.begin(), order.end(), [&](const Unit& a, const Unit& b) { return rank(a) < rank(b); });

  std::vector<base::Diagnostics> found(units.size());
  const Derived derived(program);
  base::in_turn(order.size(), base::cores(order.size()), [&](std::size_t k) {
    const Unit& u = order[k];
    backends[u.backend]->emit_part(program, options, derived, u.part, sink_for(u.number), found[u.number]);
  });  // rethrows what a backend threw
  for (auto& d : found) diags.append(d);
}

base::OutputSet emit_all(const model::Program& program, const Options& options, base::Diagnostics& diags) {
  // One set per part, each filled through a sink of its own.
  struct Part {
    base::OutputSet files;
    base::CollectFiles sink{files};
  };
  std::map<std::size_t, Part> parts;  // by the part's number
  std::mutex mutex;
  emit_into(
      program, options,
      [&](std::size_t u) -> base::FileSink& {
        std::lock_guard<std::mutex> lock(mutex);
        return parts[u].sink;
      },
      diags);

  // Each set's nodes move into one; a path a later part wrote too takes the later file. A part's
  // paths come in order and mostly fill one gap between another's (handlers/, iam/, terraform/), so each
  // goes in next to the one before it, without a search of the whole set.
  base::OutputSet out;
  for (auto& [number, part] : parts) {
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
