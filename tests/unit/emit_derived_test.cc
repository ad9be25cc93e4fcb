// emit::Derived: what the IAM and Terraform backends share is derived once per system, also when they ask
// from two threads at once, and emit_all (which shares it) writes what the backends write alone.
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "emit/backend.h"

namespace slipway_iam_test {
slipway::model::System collectiq();
}

namespace {

using slipway::emit::Derived;

slipway::model::Program two_environments() {
  slipway::model::Program program;
  program.systems.push_back(slipway_iam_test::collectiq());
  program.systems.push_back(slipway_iam_test::collectiq());
  program.systems.back().environment = "prod";
  return program;
}

TEST(EmitDerived, DerivesEachSystemOnceAndAsDeriveIamDoes) {
  const auto program = two_environments();
  const Derived derived(program);
  const auto& dev = derived.iam(program.systems[0]);
  EXPECT_EQ(&dev, &derived.iam(program.systems[0]));
  const auto& prod = derived.iam(program.systems[1]);
  EXPECT_NE(&dev, &prod);

  const auto expected = slipway::derive::derive_iam(program.systems[1]);
  ASSERT_EQ(prod.roles.size(), expected.roles.size());
  ASSERT_FALSE(expected.roles.empty());
  for (std::size_t i = 0; i < expected.roles.size(); ++i) {
    EXPECT_EQ(prod.roles[i].id, expected.roles[i].id);
    EXPECT_EQ(slipway::derive::policy_json(prod.roles[i]), slipway::derive::policy_json(expected.roles[i]));
  }
  EXPECT_EQ(prod.vars, expected.vars);
}

// Two threads asking at once, twenty times, each time of a new Derived: both get the same object.
template <typename Ask>
void same_for_two_threads(const slipway::model::Program& program, Ask ask) {
  for (int round = 0; round < 20; ++round) {
    const Derived derived(program);
    const auto& system = program.systems[static_cast<std::size_t>(round % 2)];
    auto other = std::async(std::launch::async, [&] { return ask(derived, system); });
    const auto* mine = ask(derived, system);
    EXPECT_EQ(mine, other.get());
  }
}

TEST(EmitDerived, TwoThreadsAskingAtOnceGetTheSameModel) {
  same_for_two_threads(two_environments(), [](const Derived& d, const auto& s) { return &d.iam(s); });
}

TEST(EmitDerived, RefusesASystemOutsideItsProgram) {
  const auto program = two_environments();
  const Derived derived(program);
  const auto stranger = slipway_iam_test::collectiq();
  EXPECT_THROW(derived.iam(stranger), std::logic_error);
  try {
    derived.sources(stranger);
    ADD_FAILURE() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "Derived::sources: system 'collectiq' is not one of the program's");
  }
}

// The handlers backend's parts share one index of every handler's sources, built as index_sources builds it.
TEST(EmitDerived, IndexesEachSystemsSourcesOnceAndAsIndexSourcesDoes) {
  const auto program = two_environments();
  const Derived derived(program);
  const auto& dev = derived.sources(program.systems[0]);
  EXPECT_EQ(&dev, &derived.sources(program.systems[0]));
  EXPECT_NE(&dev, &derived.sources(program.systems[1]));

  const auto expected = slipway::emit::handlers::index_sources(program.systems[0]);
  ASSERT_EQ(dev.handlers.size(), expected.handlers.size());
  ASSERT_EQ(dev.handlers.size(), program.systems[0].handlers.size());
  std::size_t with_sources = 0;
  for (const auto& [name, src] : expected.handlers) {
    const auto& got = dev.handler(name);
    EXPECT_EQ(got.events, src.events) << name;
    EXPECT_EQ(got.event_rules, src.event_rules) << name;
    EXPECT_EQ(got.topics, src.topics) << name;
    EXPECT_EQ(got.direct.size(), src.direct.size()) << name;
    EXPECT_EQ(got.scheduled_event, src.scheduled_event) << name;
    with_sources += src.events.empty() && src.direct.empty() && src.topics.empty() ? 0 : 1;
  }
  EXPECT_GT(with_sources, 0u);
  ASSERT_EQ(dev.queues.size(), expected.queues.size());
  for (const auto& [name, body] : expected.queues) {
    EXPECT_EQ(dev.queue(name).event, body.event) << name;
    EXPECT_EQ(dev.queue(name).raw, body.raw) << name;
  }
}

TEST(EmitDerived, TwoThreadsAskingAtOnceGetTheSameSourceIndex) {
  same_for_two_threads(two_environments(), [](const Derived& d, const auto& s) { return &d.sources(s); });
}

TEST(EmitDerived, EmitAllWritesWhatEachBackendWritesAlone) {
  const auto program = two_environments();
  slipway::base::Diagnostics all_diags;
  const auto all = slipway::emit::emit_all(program, {.templates = slipway::emit::default_templates()}, all_diags);

  slipway::base::OutputSet alone;
  for (const auto& backend : slipway::emit::all_backends()) {
    slipway::base::OutputSet out;
    slipway::base::Diagnostics diags;
    backend->emit(program, {.templates = slipway::emit::default_templates()}, out, diags);
    for (auto& [path, file] : out) alone.insert_or_assign(path, std::move(file));
  }
  ASSERT_EQ(all.size(), alone.size());
  for (const auto& [path, file] : alone) {
    auto it = all.find(path);
    ASSERT_NE(it, all.end()) << path;
    EXPECT_EQ(it->second.content, file.content) << path;
  }
}

// What `slipway build` streams: each part of each backend (Backend::parts; the handlers backend comes in
// parts from 256 handlers) gets a sink of its own, asked for once, on the thread that then runs it and
// adds every file there; the parts are numbered backend by backend; each path comes once; and the files
// are emit_all's.
TEST(EmitDerived, EmitIntoGivesEachPartItsOwnSinkOnItsThread) {
  class Recording final : public slipway::base::FileSink {
   public:
    using slipway::base::FileSink::add;
    void add(std::string path, std::string_view content, slipway::base::Ownership ownership) override {
      threads.insert(std::this_thread::get_id());
      ++adds[path];
      files.insert_or_assign(std::move(path), slipway::base::OutputFile{std::string(content), ownership});
    }
    std::set<std::thread::id> threads;
    std::map<std::string, int> adds;
    slipway::base::OutputSet files;
    std::thread::id asked_on;
    int asked = 0;
  };
  auto program = two_environments();
  const auto handler = program.systems.front().handlers.front();
  for (int i = 0; i < 300; ++i) {
    program.systems.front().handlers.push_back(handler);
    program.systems.front().handlers.back().name = "zz" + std::to_string(1000 + i);
  }
  std::size_t parts = 0;
  std::vector<std::size_t> handler_parts;  // the numbers of the handlers backend's parts
  for (const auto& backend : slipway::emit::all_backends()) {
    const std::size_t n = backend->parts(program);
    for (std::size_t k = 0; k < n; ++k) {
      if (backend->name() == "handlers") handler_parts.push_back(parts);
      ++parts;
    }
  }
  ASSERT_EQ(handler_parts.size(), 2u);
  const slipway::emit::Options options{.templates = slipway::emit::default_templates()};
  std::map<std::size_t, Recording> sinks;
  std::mutex mutex;
  slipway::base::Diagnostics diags;
  slipway::emit::emit_into(
      program, options,
      [&](std::size_t u) -> slipway::base::FileSink& {
        std::lock_guard<std::mutex> lock(mutex);
        sinks[u].asked_on = std::this_thread::get_id();
        ++sinks[u].asked;
        return sinks[u];
      },
      diags);
  slipway::base::Diagnostics all_diags;
  const auto all = slipway::emit::emit_all(program, options, all_diags);
  ASSERT_EQ(sinks.size(), parts);
  EXPECT_EQ(sinks.rbegin()->first, parts - 1) << "numbered from 0, without gaps";
  EXPECT_EQ(sinks[handler_parts[0]].files.count("handlers/zz1000/README.md"), 1u);
  EXPECT_EQ(sinks[handler_parts[1]].files.count("handlers/zz1299/README.md"), 1u);
  std::size_t total = 0;
  for (const auto& [u, sink] : sinks) {
    EXPECT_EQ(sink.asked, 1) << u;
    if (sink.files.empty()) continue;
    EXPECT_EQ(sink.threads, std::set<std::thread::id>{sink.asked_on}) << "added from the thread that asked";
    for (const auto& [path, n] : sink.adds) EXPECT_EQ(n, 1) << path << " added more than once";
    for (const auto& [path, file] : sink.files) {
      auto it = all.find(path);
      ASSERT_NE(it, all.end()) << path;
      EXPECT_EQ(it->second.content, file.content) << path;
    }
    total += sink.files.size();
  }
  EXPECT_EQ(total, all.size()) << "no path made by two parts";
  EXPECT_EQ(diags.items().size(), all_diags.items().size());
}

}  // namespace
