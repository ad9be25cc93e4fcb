// lower/lower.cc lowers handlers, workflows and rules on two threads once a spec is large
// (kParallelLowering). Both ways must give the same program and the same diagnostics in the same order.
#include <gtest/gtest.h>

#include <limits>
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
// reported them, unsorted.
Lowered lower_from(const std::string& yaml, std::size_t parallel_from) {
  Lowered l;
  const std::uint32_t file = l.sources.add("par.yaml");
  auto root = slipway::spec::parse_yaml(yaml, file, l.diags);
  EXPECT_TRUE(root);
  if (root) l.program = slipway::lower::lower(*root, l.diags, parallel_from);
  return l;
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
  slipway::emit::Options options;
  options.templates = slipway::emit::default_templates();
  Diagnostics serial_emit, parallel_emit;
  const auto serial_files = slipway::emit::emit_all(serial.program, options, serial_emit);
  const auto parallel_files = slipway::emit::emit_all(parallel.program, options, parallel_emit);
  ASSERT_EQ(parallel_files.size(), serial_files.size());
  for (const auto& [path, file] : serial_files) {
    auto it = parallel_files.find(path);
    ASSERT_NE(it, parallel_files.end()) << path;
    EXPECT_EQ(it->second.content, file.content) << path;
  }
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

}  // namespace
