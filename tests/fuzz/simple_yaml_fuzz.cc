// libFuzzer target: spec/simple_yaml.h's scanner against libyaml. The input is a YAML text; when it passes
// the loader's encoding checks and the scanner reads it, libyaml must read it too, to the same events.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "../unit/yaml_events.h"
#include "spec/text_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slipway;
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string text = input;
  base::Diagnostics encoding;
  if (!spec::check_text(text, 1, encoding)) return 0;
  auto mine = testing::scanned(text);
  if (!mine) return 0;
  auto theirs = testing::by_libyaml(text);
  if (!theirs) {
    std::fprintf(stderr, "simple_yaml_fuzz: the scanner reads a text that libyaml rejects\n");
    std::abort();
  }
  if (*mine != *theirs) {
    std::fprintf(stderr, "simple_yaml_fuzz: events differ\nscanner:\n%s\nlibyaml:\n%s\n",
                 testing::joined(*mine).c_str(), testing::joined(*theirs).c_str());
    std::abort();
  }
  return 0;
}
