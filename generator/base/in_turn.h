// Running a list of independent tasks on a few threads, each thread taking the next task not yet started.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <future>
#include <thread>
#include <vector>

namespace slipway::base {

// The threads worth starting on this machine: its cores, between 1 and `most`.
inline std::size_t cores(std::size_t most) {
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, std::max<std::size_t>(1, most));
}

// Runs task(k) for every k in [0, count) on at most `threads` threads, the calling thread one of them. Each
// thread takes the next k not yet started, so list the dearest tasks first for the threads to finish
// together. Returns when every task is done; rethrows what a task threw.
template <typename Task>
void in_turn(std::size_t count, std::size_t threads, const Task& task) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k = next++; k < count; k = next++) task(k);
  };
  std::vector<std::future<void>> helpers;
  for (std::size_t t = 1; t < std::min(threads, count); ++t) helpers.push_back(std::async(std::launch::async, work));
  work();
  for (auto& h : helpers) h.get();
}

}  // namespace slipway::base
