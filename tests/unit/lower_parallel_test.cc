// lower/lower.cc lowers handlers, workflows and rules on two threads once a spec is large
// (kParallelLowering). Both ways must give the same program and the same diagnostics in the same order.
// lower_consuming frees each section of the tree once it is lowered; it too must give the same program.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <string>

#include "emit/backend.h"
#include "lower/lower.h"
#include "lower_support.h"
#include "spec/loader.h"

namespace {

using slipway::base::Diagnostics;
using slipway::testing::Lowered;

// A system of n handlers, n events and n rules, n/10 tables and workflows, two environments; with
// `broken`, every seventh handler, rule and workflow has a mistake of its own.
std::string spec(int n, bool broken) {
  std::string s = "slipway: 1\nsystem: par\n";
  s += "environments: { dev: {}, prod: { handler: { memory: 512 }, handlers: { h1: { timeout: 30s } } } }\n";
  s += "queues: { dlq: {} }\ntables:\n";
  for (int i = 0; i < n / 10; ++i) s += "  t" + std::to_string(i) + ": { key: { pk: string } }\n";
  s += "events:\n";
  for (int i = 0; i < n; ++i) {
    s += "  E" + std::to_string(i) + ": { source: par.svc, detail: { status: string, n: number } }\n";
  }
  s += "handlers:\n";
  for (int i = 0; i < n; ++i) {
    const std::string table = broken && i % 7 == 0 ? "missing" + std::to_string(i) : "t" + std::to_string(i % (n / 10));
    s += "  h" + std::to_string(i) + ": { uses: { " + table + ": readwrite }, emits: [E" + std::to_string((i + 1) % n) + "]";
    if (broken && i % 7 == 3) s += ", memroy: 128";
    s += " }\n";
  }
  s += "workflows:\n";
  for (int i = 0; i < n / 10; ++i) {
    s += "  w" + std::to_string(i) + ":\n    steps:\n";
    s += "      - First: { " + std::string(broken && i % 7 == 0 ? "invoek" : "invoke") + ": h" + std::to_string(3 * i) + " }\n";
    s += "      - Second: { invoke: h" + std::to_string(3 * i + 1) + " }\n";
  }
  s += "rules:\n";
  for (int i = 0; i < n; ++i) {
    const std::string attempts = broken && i % 7 == 5 ? "300" : "3";
    s += "  r" + std::to_string(i) + ": { on: E" + std::to_string(i) + ", match: { status: [new] }, target: { handler: h" +
         std::to_string(i) + ", retry: { attempts: " + attempts + ", max_age: 24h }, dlq: dlq } }\n";
  }
  return s;
}

// Lowers `yaml` on threads from `parallel_from` systems on; the diagnostics stay in the order the lowering
// reported them, unsorted. `consume` lowers with lower_consuming and hands back what is left of the tree.
Lowered lower_from(const std::string& yaml, std::size_t parallel_from, slipway::spec::NodePtr* consume = nullptr) {
  Lowered l;
  const std::uint32_t file = l.sources.add("par.yaml");
  auto root = slipway::spec::parse_yaml(yaml, file, l.diags);
  EXPECT_TRUE(root);
  if (root && consume) {
    l.program = slipway::lower::lower_consuming(*root, l.diags, parallel_from);
    *consume = root;
  } else if (root) {
    l.program = slipway::lower::lower(*root, l.diags, parallel_from);
  }
  return l;
}

// Every file the backends write from `program`, by path.
std::map<std::string, std::string> files_of(const slipway::model::Program& program) {
  slipway::emit::Options options;
  options.templates = slipway::emit::default_templates();
  Diagnostics diags;
  std::map<std::string, std::string> out;
  for (auto& [path, file] : slipway::emit::emit_all(program, options, diags)) out[path] = std::move(file.content);
  return out;
}

constexpr std::size_t kSerial = std::numeric_limits<std::size_t>::max();

TEST(LowerParallel, SameProgramAsASerialRun) {
  const std::string text = spec(400, false);
  Lowered serial = lower_from(text, kSerial);
  Lowered parallel = lower_from(text, 1);
  ASSERT_FALSE(serial.diags.has_errors()) << slipway::base::format_text(serial.diags, serial.sources);
  EXPECT_EQ(slipway::base::format_text(parallel.diags, parallel.sources),
            slipway::base::format_text(serial.diags, serial.sources));
  ASSERT_EQ(parallel.program.systems.size(), 2u);
  EXPECT_EQ(parallel.program.systems[0].handlers.size(), 400u);
  EXPECT_EQ(parallel.program.systems[1].rules.size(), 400u);
  // Everything the backends write from the two programs, byte for byte.
  EXPECT_EQ(files_of(parallel.program), files_of(serial.program));
}

TEST(LowerParallel, DiagnosticsComeInTheSerialOrder) {
  const std::string text = spec(400, true);
  Lowered serial = lower_from(text, kSerial);
  Lowered parallel = lower_from(text, 1);
  const std::string expected = slipway::base::format_text(serial.diags, serial.sources);
  // Mistakes in handlers, workflows and rules alike, so both threads report.
  EXPECT_NE(expected.find("'missing0'"), std::string::npos) << expected.substr(0, 2000);
  EXPECT_NE(expected.find("memroy"), std::string::npos);
  EXPECT_NE(expected.find("step 'First' does not say what it does (it has invoek)"), std::string::npos);
  EXPECT_NE(expected.find("rule 'r5' target: 'retry': 'attempts' must be between 0 and 185, not 300"), std::string::npos);
  const std::string got = slipway::base::format_text(parallel.diags, parallel.sources);
  EXPECT_EQ(got, expected);
  // The order a serial lowering reports in: handlers, then workflows, then rules, each in spec order.
  const auto h0 = got.find("'missing0'"), h3 = got.find("'memroy' in handler 'h3'"), h7 = got.find("'missing7'");
  const auto w0 = got.find("(it has invoek)"), r5 = got.find("rule 'r5' target"), r12 = got.find("rule 'r12' target");
  EXPECT_LT(h0, h3);
  EXPECT_LT(h3, h7);
  EXPECT_LT(h7, w0);
  EXPECT_LT(w0, r5);
  EXPECT_LT(r5, r12);
  EXPECT_NE(r12, std::string::npos);
}

TEST(LowerConsuming, SameProgramAndDiagnosticsWithTheTreeEmptied) {
  for (bool broken : {false, true}) {
    const std::string text = spec(400, broken);
    const Lowered reading = lower_from(text, kSerial);
    ASSERT_EQ(reading.diags.has_errors(), broken);
    for (std::size_t parallel_from : {kSerial, std::size_t{1}}) {
      slipway::spec::NodePtr left;
      const Lowered consuming = lower_from(text, parallel_from, &left);
      ASSERT_TRUE(left);
      EXPECT_EQ(slipway::base::format_text(consuming.diags, consuming.sources),
                slipway::base::format_text(reading.diags, reading.sources));
      EXPECT_EQ(files_of(consuming.program), files_of(reading.program));
      // Each section lowered is gone, its key kept.
      for (const char* section : {"events", "tables", "queues", "handlers", "workflows", "rules"}) {
        const slipway::spec::Node* n = left->get(section);
        ASSERT_NE(n, nullptr) << section;
        EXPECT_TRUE(n->is_null()) << section;
      }
    }
  }
}

TEST(LowerConsuming, ASectionHeldElsewhereIsLeftWhole) {
  // What an alias does: a second owner of the events section. Lowering drops only its own hold.
  const std::string text = spec(20, false);
  Lowered l;
  const std::uint32_t file = l.sources.add("par.yaml");
  auto root = slipway::spec::parse_yaml(text, file, l.diags);
  ASSERT_TRUE(root);
  slipway::spec::NodePtr events;
  for (const auto& e : root->entries) {
    if (e.key.value == "events") events = e.value;
  }
  ASSERT_TRUE(events);
  ASSERT_EQ(events->entries.size(), 20u);
  l.program = slipway::lower::lower_consuming(*root, l.diags);
  EXPECT_FALSE(l.diags.has_errors()) << slipway::base::format_text(l.diags, l.sources);
  EXPECT_EQ(l.program.systems.at(0).events.size(), 20u);
  EXPECT_EQ(events.use_count(), 1);
  EXPECT_EQ(events->entries.size(), 20u);
  EXPECT_EQ(events->entries[3].key.value, "E3");
  EXPECT_TRUE(root->get("events")->is_null());
}

}  // namespace
