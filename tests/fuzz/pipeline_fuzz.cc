// libFuzzer target: the whole pipeline in memory. The input is a spec file (an include of any other name
// finds nothing); it is loaded, lowered, checked, its diagnostics printed in every format, and when it is
// valid every backend runs. Beyond "no crash, no sanitizer report", it asserts what must always hold:
// the output paths are safe relative paths and the output is the same when built twice, and the parse a
// large spec takes (a top-level key at a time, on several threads) gives what the whole parse gives.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "cli/pipeline.h"
#include "emit/backend.h"
#include "sink/sink.h"
#include "spec/loader.h"
#include "../unit/one_file_reader.h"

namespace {

using slipway::testing::OneFileReader;

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "pipeline_fuzz: invariant broken: %s\n", why.c_str());
  std::abort();
}

bool same(const slipway::spec::Node& a, const slipway::spec::Node& b) {
  if (a.kind != b.kind || a.span != b.span || a.value != b.value || a.plain != b.plain || a.flow != b.flow ||
      a.weight != b.weight || a.items.size() != b.items.size() || a.entries.size() != b.entries.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    if (!same(*a.items[i], *b.items[i])) return false;
  }
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const auto& ka = a.entries[i].key;
    const auto& kb = b.entries[i].key;
    if (ka.value != kb.value || ka.span != kb.span || !same(*a.entries[i].value, *b.entries[i].value)) return false;
  }
  return true;
}

// parse_yaml made to take the pieces path at any size must give the whole parse's tree and diagnostics.
void check_pieces(const std::string& text) {
  using namespace slipway;
  spec::Limits whole_only;
  whole_only.parallel_from_bytes = static_cast<std::size_t>(-1);
  spec::Limits pieces_first;
  pieces_first.parallel_from_bytes = 0;
  base::Diagnostics dw, dp;
  spec::NodePtr whole = spec::parse_yaml(text, 1, dw, whole_only);
  spec::NodePtr pieces = spec::parse_yaml(text, 1, dp, pieces_first);
  if (!whole != !pieces) fail("the pieces parse and the whole parse disagree on whether the text parses");
  if (whole && !same(*whole, *pieces)) fail("the pieces parse built another tree than the whole parse");
  if (base::format_text(dw, {}) != base::format_text(dp, {})) fail("the pieces parse reported other diagnostics");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slipway;
  check_pieces(std::string(reinterpret_cast<const char*>(data), size));
  OneFileReader reader(std::string(reinterpret_cast<const char*>(data), size));
  cli::Compiled c = cli::compile("spec.yaml", reader);
  std::ostringstream sink_out;
  for (const char* format : {"text", "json", "github"}) cli::print_diagnostics(c, format, sink_out);
  if (!c.ok()) return 0;

  static const std::map<std::string, std::string> kTemplates = emit::default_templates();
  emit::Options options;
  options.templates = kTemplates;
  base::Diagnostics d1, d2;
  base::OutputSet first = emit::emit_all(c.program, options, d1);
  for (const auto& [path, file] : first) {
    if (!sink::safe_relative_path(path)) fail("unsafe output path '" + path + "'");
  }
  base::OutputSet second = emit::emit_all(c.program, options, d2);
  if (first.size() != second.size()) fail("two builds of one spec differ in their files");
  for (auto a = first.begin(), b = second.begin(); a != first.end(); ++a, ++b) {
    if (a->first != b->first || a->second.content != b->second.content) fail("output differs: " + a->first);
  }
  return 0;
}
