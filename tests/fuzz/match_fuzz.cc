// libFuzzer target: EventBridge patterns. The input is a pattern and an event, separated by the first
// newline. Both are parsed by the matcher's own JSON reader and by nlohmann; a valid pattern is matched
// against the event. A failed match must say why.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "match/pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slipway::match;
  std::string input(reinterpret_cast<const char*>(data), size);
  auto nl = input.find('\n');
  std::string pattern_text = input.substr(0, nl);
  std::string event_text = nl == std::string::npos ? "{}" : input.substr(nl + 1);

  std::string error;
  std::optional<Value> pattern = parse_json(pattern_text, error);
  std::optional<Value> event = parse_json(event_text, error);
  if (pattern) {
    std::string problem = validate_pattern(*pattern);
    if (problem.empty() && event) {
      MatchResult r = match_event(*pattern, *event);
      if (!r.matched && r.reason.empty()) {
        std::fprintf(stderr, "match_fuzz: a failed match gives no reason\n");
        std::abort();
      }
      match_event(to_json(*pattern), to_json(*event));  // the nlohmann entry point, for coverage
    }
  }
  auto j = nlohmann::json::parse(pattern_text, nullptr, false);
  auto e = nlohmann::json::parse(event_text, nullptr, false);
  if (!j.is_discarded() && validate_pattern(j).empty() && !e.is_discarded()) match_event(j, e);
  return 0;
}
