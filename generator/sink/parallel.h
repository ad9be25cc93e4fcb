// Running one file operation over many paths on several threads (internal to the sink).
#pragma once
#include <algorithm>
#include <atomic>
#include <future>
#include <string>
#include <vector>

namespace slipway::sink {

// Runs `op(item, slice)` on every item, on up to `threads` threads, each over a contiguous slice (so mostly
// in folders of its own; one thread, whatever `threads` says, for a short list); `slice` (below `threads`)
// tells a slice's state apart from the others'. Returns "" or the error of the first failing slice; a
// failure stops every slice early.
template <typename Items, typename Op>
std::string for_all_slices(Items& items, unsigned threads, const Op& op) {
  constexpr std::size_t kMinPerThread = 64;  // below this a thread costs more than it saves
  threads = static_cast<unsigned>(
      std::clamp<std::size_t>(items.size() / kMinPerThread, 1, std::max<std::size_t>(1, threads)));
  std::vector<std::string> errors(threads);
  std::atomic<bool> failed{false};
  auto slice = [&](unsigned t) {
    const std::size_t begin = items.size() * t / threads, end = items.size() * (t + 1) / threads;
    for (std::size_t i = begin; i < end && !failed; ++i) {
      if (auto err = op(items[i], t); !err.empty()) {
        errors[t] = std::move(err);
        failed = true;
      }
    }
  };
  std::vector<std::future<void>> helpers;
  for (unsigned t = 1; t < threads; ++t) helpers.push_back(std::async(std::launch::async, slice, t));
  slice(0);
  for (auto& h : helpers) h.get();
  for (auto& e : errors) {
    if (!e.empty()) return e;
  }
  return {};
}

// The same for an `op(item)` that keeps no state per slice.
template <typename Items, typename Op>
std::string for_all(Items& items, unsigned threads, const Op& op) {
  return for_all_slices(items, threads, [&](auto& item, unsigned) { return op(item); });
}

}  // namespace slipway::sink
