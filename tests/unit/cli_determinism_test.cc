// Same spec -> byte-identical output: twice in a row, with every mapping of the spec reordered, under
// another locale and from another current folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <clocale>

#include "../match/cli_test_util.h"

namespace {

using slipway::testing::read_tree;
using slipway::testing::run_cli;
using slipway::testing::TempDir;

// kMiniSpec with every mapping's keys in another order (sections, fields, targets' keys).
const char* kReordered = R"YAML(rules:
  big_orders:
    targets:
      - { input: $.detail, dlq: dlq, workflow: ship }
      - { input: { kind: order, id: $.detail.orderId }, queue: work }
    match: { status: [paid], total: { ">=": 100 } }
    on: OrderPlaced
workflows:
  ship:
    steps:
      - pack: worker
      - done: { detail: { orderId.$: $.orderId }, emit: OrderShipped }
    input: OrderPlaced
handlers:
  worker:
    queue: work
  place:
    emits: [OrderPlaced]
    http: POST /orders
queues:
  work: { visibility_timeout: 2m, dlq: dlq }
  dlq: {}
events:
  OrderShipped:
    detail: { orderId: string }
    bus: events
    source: mini.orders
  OrderPlaced:
    detail: { items: [ { qty: integer, sku: string } ], status: "enum(new, paid)", total: number, orderId: string }
    bus: events
    source: mini.orders
buses:
  events: {}
system: mini
slipway: 1
)YAML";

std::map<std::string, std::string> build(const std::string& spec, const std::string& out) {
  auto r = run_cli({"build", spec, "-o", out, "-q"});
  EXPECT_EQ(r.code, 0) << r.err;
  return read_tree(out);
}

TEST(CliDeterminism, TwoBuildsAreIdentical) {
  TempDir t("det-twice");
  auto spec = t.file("mini.yaml", slipway::testing::kMiniSpec);
  auto a = build(spec, t / "a");
  auto b = build(spec, t / "b");
  EXPECT_GT(a.size(), 5u);
  EXPECT_EQ(a, b);
}

TEST(CliDeterminism, ReorderedSpecBuildsIdentically) {
  TempDir t("det-reorder");
  auto a = build(t.file("a/mini.yaml", slipway::testing::kMiniSpec), t / "out-a");
  auto b = build(t.file("b/mini.yaml", kReordered), t / "out-b");
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [path, content] : a) {
    if (path == ".slipway-manifest.json") continue;  // may name the spec it came from
    EXPECT_EQ(content, b[path]) << path;
  }
}

TEST(CliDeterminism, LocaleAndCurrentFolderChangeNothing) {
  TempDir t("det-env");
  auto spec = t.file("mini.yaml", slipway::testing::kMiniSpec);
  auto reference = build(spec, t / "ref");

  std::string saved = std::setlocale(LC_ALL, nullptr);
  for (const char* loc : {"de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8", "C"}) {
    if (!std::setlocale(LC_ALL, loc)) continue;  // not installed here
    auto out = build(spec, t / (std::string("loc-") + loc));
    EXPECT_EQ(out, reference) << "locale " << loc;
  }
  std::setlocale(LC_ALL, saved.c_str());

  auto cwd = std::filesystem::current_path();
  std::filesystem::create_directories(t / "elsewhere");
  std::filesystem::current_path(t / "elsewhere");
  auto moved = build(spec, t / "cwd");
  auto relative = run_cli({"build", "../mini.yaml", "-o", "../rel", "-q"});
  std::filesystem::current_path(cwd);
  EXPECT_EQ(moved, reference);
  ASSERT_EQ(relative.code, 0) << relative.err;
  EXPECT_EQ(read_tree(t / "rel"), reference);
}

}  // namespace
