// Helpers for the CI tools' in-process command-line tests (tests/unit/cli_{match,diff,determinism}_test.cc).
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace slipway::testing {

struct RunResult {
  int code;
  std::string out, err;
};

inline RunResult run_cli(const std::vector<std::string>& args) {
  auto reader = cli::real_reader();
  auto disk = sink::real_disk();
  std::ostringstream out, err;
  cli::Io io{out, err, *reader, *disk};
  int rc = cli::run(args, io);
  return {rc, out.str(), err.str()};
}

// A fresh folder under the system's temporary folder, removed when the object goes.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("slipway-ci-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& rel, const std::string& content) const {
    auto p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string operator/(const std::string& rel) const { return (path_ / rel).string(); }

 private:
  std::filesystem::path path_;
};

// Every file under `root` (relative path -> bytes).
inline std::map<std::string, std::string> read_tree(const std::string& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out[std::filesystem::relative(e.path(), root).generic_string()] = ss.str();
  }
  return out;
}

// A small system exercising events, rules with matches and transformers, queues, DLQs and a workflow.
inline const char* kMiniSpec = R"YAML(slipway: 1
system: mini
buses:
  events: {}
events:
  OrderPlaced:
    source: mini.orders
    bus: events
    detail: { orderId: string, total: number, status: "enum(new, paid)", items: [ { sku: string, qty: integer } ] }
  OrderShipped:
    source: mini.orders
    bus: events
    detail: { orderId: string }
queues:
  dlq: {}
  work: { dlq: dlq, visibility_timeout: 2m }
handlers:
  place:
    http: POST /orders
    emits: [OrderPlaced]
  worker:
    queue: work
workflows:
  ship:
    input: OrderPlaced
    steps:
      - pack: worker
      - done: { emit: OrderShipped, detail: { orderId.$: $.orderId } }
rules:
  big_orders:
    on: OrderPlaced
    match: { total: { ">=": 100 }, status: [paid] }
    targets:
      - { workflow: ship, input: $.detail, dlq: dlq }
      - { queue: work, input: { id: $.detail.orderId, kind: order } }
)YAML";

}  // namespace slipway::testing
