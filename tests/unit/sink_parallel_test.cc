// The sink's for_all: every item once, on several threads, and which error comes back.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "sink/parallel.h"

namespace slipway::sink {
namespace {

TEST(SinkForAll, RunsEveryItemExactlyOnce) {
  std::vector<int> items(10'007);
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = static_cast<int>(i);
  std::vector<std::atomic<int>> seen(items.size());
  std::mutex m;
  std::set<std::thread::id> threads;
  std::string err = for_all(items, 4, [&](int i) {
    seen[static_cast<std::size_t>(i)]++;
    std::lock_guard lock(m);
    threads.insert(std::this_thread::get_id());
    return std::string{};
  });
  EXPECT_EQ(err, "");
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i].load(), 1) << "item " << i;
  EXPECT_GE(threads.size(), 1u);
  EXPECT_LE(threads.size(), 4u);
}

TEST(SinkForAll, AShortListRunsOnTheCallingThread) {
  std::vector<int> items(63, 0);
  const auto caller = std::this_thread::get_id();
  bool elsewhere = false;
  EXPECT_EQ(for_all(items, 4, [&](int&) {
              elsewhere |= std::this_thread::get_id() != caller;
              return std::string{};
            }),
            "");
  EXPECT_FALSE(elsewhere);
}

TEST(SinkForAll, ReturnsTheErrorOfTheFirstFailingItemAndStops) {
  std::vector<int> items(100'000);
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = static_cast<int>(i);
  std::atomic<int> ran{0};
  // One thread: the items run in order, so the first failure is item 5 and nothing after it runs.
  std::string err = for_all(items, 1, [&](int i) {
    ran++;
    return i == 5 || i == 7 ? "failed at " + std::to_string(i) : std::string{};
  });
  EXPECT_EQ(err, "failed at 5");
  EXPECT_EQ(ran.load(), 6);
  // Several threads: a failing item's error is reported, and every thread stops long before the end of
  // the list.
  ran = 0;
  err = for_all(items, 2, [&](int i) {
    ran++;
    return i % 1000 == 999 ? "failed at " + std::to_string(i) : std::string{};
  });
  EXPECT_EQ(err.rfind("failed at ", 0), 0u) << err;
  EXPECT_EQ(std::stoi(err.substr(10)) % 1000, 999);
  EXPECT_LT(ran.load(), 50'000);
}

TEST(SinkForAll, NothingToDo) {
  std::vector<int> none;
  EXPECT_EQ(for_all(none, 4, [](int) { return std::string("never"); }), "");
}

}  // namespace
}  // namespace slipway::sink
