// libFuzzer target: the whole pipeline in memory. The input is a spec file (an include of any other name
// finds nothing); it is loaded, lowered, checked, its diagnostics printed in every format, and when it is
// valid every backend runs. Beyond "no crash, no sanitizer report", it asserts what must always hold:
// the output paths are safe relative paths and the output is the same when built twice.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "cli/pipeline.h"
#include "emit/backend.h"
#include "sink/sink.h"

namespace {

class OneFile final : public slipway::spec::FileReader {
 public:
  explicit OneFile(std::string text) : text_(std::move(text)) {}
  std::optional<std::string> read(const std::string& path) override {
    if (path == "spec.yaml") return text_;
    return std::nullopt;
  }

 private:
  std::string text_;
};

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "pipeline_fuzz: invariant broken: %s\n", why.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slipway;
  OneFile reader(std::string(reinterpret_cast<const char*>(data), size));
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
