// check/check.cc and cli/pipeline.cc: the pass table, every environment checked, findings de-duplicated,
// `--env` selection.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "check/check.h"
#include "cli/pipeline.h"
#include "lower_support.h"
#include "one_file_reader.h"

namespace {

using slipway::testing::OneFileReader;

std::string text(const slipway::cli::Compiled& c) { return slipway::base::format_text(c.diags, c.sources); }

TEST(CheckPipeline, PassTableHasTheFrontEndPasses) {
  std::set<std::string> names;
  for (const auto& p : slipway::check::passes()) {
    EXPECT_TRUE(p.run) << p.name;
    EXPECT_TRUE(names.insert(p.name).second) << "pass listed twice: " << p.name;
  }
  for (const char* n : {"references", "names", "limits", "event-flow"}) EXPECT_TRUE(names.count(n)) << n;
}

TEST(CheckPipeline, FindingsOfEveryEnvironmentAreMergedOnce) {
  OneFileReader r(
      "slipway: 1\nsystem: shop\n"
      "environments: { dev: {}, prod: {} }\n"
      "handlers: { h: { emits: [Nope] } }\n");
  auto c = slipway::cli::compile("spec.yaml", r);
  EXPECT_EQ(text(c),
            "spec.yaml:4:25: error: handler 'h' refers to event 'Nope', which is not declared [unknown-event]\n");
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(c.program.systems.size(), 2u);
}

TEST(CheckPipeline, OnlyOneEnvironmentFails) {
  OneFileReader r(
      "slipway: 1\nsystem: shop\n"
      "environments: { dev: {}, prod: { handlers: { h: { timeout: 2m } } } }\n"
      "queues: { q: { visibility_timeout: 1m } }\n"
      "handlers: { h: { queue: q } }\n");
  auto all = slipway::cli::compile("spec.yaml", r);
  EXPECT_NE(text(all).find("[visibility-timeout]"), std::string::npos) << text(all);
  auto dev = slipway::cli::compile("spec.yaml", r, "dev");
  EXPECT_EQ(text(dev), "");
  EXPECT_TRUE(dev.ok());
  ASSERT_EQ(dev.program.systems.size(), 1u);
  EXPECT_EQ(dev.program.systems[0].environment, "dev");
  auto prod = slipway::cli::compile("spec.yaml", r, "prod");
  EXPECT_NE(text(prod).find("[visibility-timeout]"), std::string::npos);
}

// stream_output given the program frees it once the backends are done (closing the stream then reuses its
// memory) and plans what it plans when the program stays with the caller.
TEST(CheckPipeline, StreamOutputTakingTheProgramFreesItAndPlansTheSame) {
  OneFileReader r(
      "slipway: 1\nsystem: shop\n"
      "events: { Placed: { source: shop.orders, detail: { id: string } } }\n"
      "handlers: { h: { emits: [Placed] } }\n");
  auto c = slipway::cli::compile("spec.yaml", r);
  ASSERT_TRUE(c.ok()) << text(c);
  auto disk = slipway::sink::real_disk();
  const std::string root = (std::filesystem::temp_directory_path() / "slipway-pipeline-test-never-made").string();
  slipway::emit::Options options;
  options.templates = slipway::emit::default_templates();
  slipway::base::Diagnostics kept_diags, taken_diags;
  std::vector<std::string> kept, taken;
  {
    auto plan = slipway::cli::stream_output(c.program, options, root, *disk, kept_diags,
                                            slipway::sink::Stream::Mode::Check);
    for (const auto& ch : plan.changes) kept.push_back(std::string(ch.path) + " " + std::string(ch.after));
  }
  ASSERT_EQ(c.program.systems.size(), 1u);
  {
    auto plan = slipway::cli::stream_output(std::move(c.program), options, root, *disk, taken_diags,
                                            slipway::sink::Stream::Mode::Check);
    for (const auto& ch : plan.changes) taken.push_back(std::string(ch.path) + " " + std::string(ch.after));
  }
  EXPECT_TRUE(c.program.systems.empty());
  EXPECT_GT(kept.size(), 10u);
  EXPECT_EQ(taken, kept);
  EXPECT_FALSE(std::filesystem::exists(root));  // a check writes nothing
}

TEST(CheckPipeline, UnknownEnvironment) {
  OneFileReader r("slipway: 1\nsystem: shop\nenvironments: { dev: {}, prod: {} }\n");
  auto c = slipway::cli::compile("spec.yaml", r, "prd");
  EXPECT_EQ(text(c), "<spec>: error: the spec has no environment 'prd' [unknown-environment]\n  help: did you mean 'prod'?\n");
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(c.program.systems.empty());
}

TEST(CheckPipeline, SummaryCountsErrorsAndWarnings) {
  OneFileReader r(
      "slipway: 1\nsystem: shop\n"
      "events: { A: { source: s } }\n"
      "handlers: { h: { emits: [A], memory: 1 } }\n");
  auto c = slipway::cli::compile("spec.yaml", r);
  EXPECT_EQ(slipway::cli::summary(c.diags), "1 error, 1 warning") << text(c);
}

// A system of kParallelFrom handlers or more is checked on two threads; its diagnostics are those of the
// passes run one after the other, in the same order (before the caller sorts them).
TEST(CheckPipeline, ALargeSystemIsCheckedOnTwoThreadsWithTheSameFindings) {
  std::string yaml = "slipway: 1\nsystem: big\nqueues: { q: { visibility_timeout: 1m } }\nevents:\n";
  const std::size_t n = slipway::check::kParallelFrom + 44;
  for (std::size_t i = 0; i < n; ++i) yaml += "  E" + std::to_string(i) + ": { source: app, detail: { id: string } }\n";
  yaml += "handlers:\n";
  for (std::size_t i = 0; i < n; ++i) {
    yaml += "  h" + std::to_string(i) + ": { emits: [" + (i % 50 == 7 ? std::string("Nope") : "E" + std::to_string(i)) +
            "]" + (i % 100 == 3 ? ", queue: q, timeout: 2m" : "") + " }\n";
  }
  slipway::testing::Lowered l = slipway::testing::lower(yaml);
  ASSERT_EQ(l.diags.error_count(), 0u) << l.text();
  const auto& system = l.sys();
  ASSERT_GE(system.handlers.size(), slipway::check::kParallelFrom);
  slipway::base::Diagnostics serial, parallel;
  for (const auto& p : slipway::check::passes()) p.run(system, serial);
  slipway::check::check_system(system, parallel);
  std::set<std::string> codes;
  for (const auto& d : serial.items()) codes.insert(d.code);
  EXPECT_GE(codes.size(), 3u) << "findings of several passes";
  EXPECT_EQ(slipway::base::format_text(parallel, l.sources), slipway::base::format_text(serial, l.sources));
}

}  // namespace
